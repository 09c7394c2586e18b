package dev.convnet.engine.runtime;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static dev.convnet.engine.runtime.NativeVariant.AVX2;
import static dev.convnet.engine.runtime.NativeVariant.ONEDNN;
import static dev.convnet.engine.runtime.NativeVariant.ONEDNN_AVX2;
import static dev.convnet.engine.runtime.NativeVariant.ONEDNN_AVX512;
import static dev.convnet.engine.runtime.NativeVariant.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeBinarySelectorTest {

    private static final List<NativeVariant> LINUX_X86 = List.of(ONEDNN_AVX512, ONEDNN_AVX2, ONEDNN);

    /** An AMD EPYC Zen 4 / Intel Ice Lake: everything ND4J's AVX-512 build needs. */
    private static final CpuFeatures AVX512_CPU = cpu("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd",
            "avx512vl", "avx512bw", "avx512dq", "avx512_vnni");
    /** An AMD EPYC Zen 2/3, most laptops and desktops. */
    private static final CpuFeatures AVX2_CPU = cpu("sse4_2", "avx", "avx2", "fma");
    /** Xeon Phi (Knights Landing): AVX-512 Foundation without the BW/DQ/VL subsets. */
    private static final CpuFeatures AVX512F_ONLY_CPU = cpu("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd");
    /** An old Atom or a CPU under an emulator that hides AVX. */
    private static final CpuFeatures SSE_CPU = cpu("sse2", "sse4_1", "sse4_2");
    /** A Graviton 3 as /proc/cpuinfo's Features line shows it. */
    private static final CpuFeatures ARM64_CPU = cpu("fp", "asimd", "aes", "sve", "sve2");

    @Test
    void anAvx512CpuGetsTheAvx512OneDnnBuild() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX512_CPU, "auto");

        assertThat(selection.classifier()).isEqualTo("linux-x86_64-onednn-avx512");
        assertThat(selection.reason()).contains("fastest of [onednn-avx512, onednn-avx2, onednn]").contains("/proc/cpuinfo");
        assertThat(selection.warnings()).isEmpty();
    }

    @Test
    void anAvx2OnlyCpuGetsTheAvx2OneDnnBuildAndIsToldWhy() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX2_CPU, "auto");

        assertThat(selection.classifier()).isEqualTo("linux-x86_64-onednn-avx2");
        assertThat(selection.reason()).contains("onednn-avx512 needs [avx512bw, avx512cd, avx512dq, avx512f, avx512vl] that this CPU lacks");
        assertThat(selection.warnings()).isEmpty();
    }

    @Test
    void avx512FoundationAloneIsNotEnoughForTheAvx512Build() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX512F_ONLY_CPU, "auto");

        assertThat(selection.variant()).isEqualTo(ONEDNN_AVX2);
        assertThat(selection.reason()).contains("[avx512bw, avx512dq, avx512vl]");
    }

    @Test
    void aCpuWithoutAvx2GetsTheGenericOneDnnBuild() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64", LINUX_X86, SSE_CPU, "auto");

        assertThat(selection.classifier()).isEqualTo("linux-x86_64-onednn");
        assertThat(selection.variant().oneDnn()).isTrue();
        assertThat(selection.warnings()).isEmpty();
    }

    @Test
    void arm64RunsThePlainBuildWithAWarningNeverARefusal() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-arm64", List.of(PLAIN), ARM64_CPU, "auto");

        assertThat(selection.classifier()).isEqualTo("linux-arm64");
        assertThat(selection.warnings()).singleElement().asString()
                .contains("no oneDNN build of ND4J for linux-arm64").contains("im2col");
    }

    @Test
    void withUnknownCpuFeaturesTheBuildThatNeedsNoExtensionIsChosen() {
        NativeBinarySelection selection = NativeBinarySelector.choose("windows-x86_64", LINUX_X86, CpuFeatures.unknown(), "auto");

        assertThat(selection.variant()).isEqualTo(ONEDNN);
        assertThat(selection.reason()).contains("which cannot be checked here");
        assertThat(selection.warnings()).anyMatch(warning -> warning.contains("CPU features could not be read"));
    }

    @Test
    void theOrderTheClasspathListsBuildsInDoesNotMatter() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64",
                List.of(ONEDNN, ONEDNN_AVX512, ONEDNN_AVX2), AVX512_CPU, null);

        assertThat(selection.variant()).isEqualTo(ONEDNN_AVX512);
        assertThat(selection.available()).containsExactly(ONEDNN_AVX512, ONEDNN_AVX2, ONEDNN);
    }

    @Test
    void aOneDnnBuildRanksAboveAWiderPlainOne() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64", List.of(AVX2, ONEDNN), AVX2_CPU, "auto");

        assertThat(selection.variant()).isEqualTo(ONEDNN);
    }

    @Test
    void theSettingOverridesTheChoiceAndSaysWhatIsLost() {
        NativeBinarySelection selection = NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX512_CPU, "onednn-avx2");

        assertThat(selection.variant()).isEqualTo(ONEDNN_AVX2);
        assertThat(selection.requested()).isEqualTo("onednn-avx2");
        assertThat(selection.reason()).isEqualTo("configured: convnet.engine.native-binary=onednn-avx2");
        assertThat(selection.warnings()).singleElement().asString().contains("faster linux-x86_64-onednn-avx512");
    }

    @Test
    void theSettingAcceptsAWholeClassifierOrJavaCppsExtension() {
        assertThat(NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX2_CPU, "linux-x86_64-onednn").variant())
                .isEqualTo(ONEDNN);
        assertThat(NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX2_CPU, "-onednn-avx2").variant())
                .isEqualTo(ONEDNN_AVX2);
    }

    @Test
    void aConfiguredBuildTheCpuCannotRunIsRefusedBeforeItCanCrashTheJvm() {
        assertThatThrownBy(() -> NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX2_CPU, "onednn-avx512"))
                .isInstanceOf(NativeBinaryException.class)
                .hasMessageContaining("needs CPU features [avx512bw, avx512cd, avx512dq, avx512f, avx512vl] that this CPU lacks")
                .hasMessageContaining("use auto or one of [onednn-avx2, onednn]");
    }

    @Test
    void aConfiguredBuildThisArtifactDoesNotCarryIsRefusedWithWhatItCarries() {
        assertThatThrownBy(() -> NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX2_CPU, "avx2"))
                .isInstanceOf(NativeBinaryException.class)
                .hasMessageContaining("carries no linux-x86_64-avx2 binary; it carries [onednn-avx512, onednn-avx2, onednn]");
        assertThatThrownBy(() -> NativeBinarySelector.choose("linux-x86_64", LINUX_X86, AVX2_CPU, "fastest"))
                .isInstanceOf(NativeBinaryException.class)
                .hasMessageContaining("names no ND4J build");
    }

    @Test
    void anArtifactBuiltForAnotherPlatformIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> NativeBinarySelector.choose("linux-arm64", List.of(), ARM64_CPU, "auto"))
                .isInstanceOf(NativeBinaryException.class)
                .hasMessageContaining("no ND4J binary for linux-arm64");
    }

    @Test
    void anArtifactWithOnlyBuildsTheCpuCannotRunIsRefused() {
        assertThatThrownBy(() -> NativeBinarySelector.choose("linux-x86_64", List.of(ONEDNN_AVX512), AVX2_CPU, "auto"))
                .isInstanceOf(NativeBinaryException.class)
                .hasMessageContaining("no ND4J binary in this build can run on this CPU");
    }

    @Test
    void anUncheckableConfiguredBuildIsAllowedWithAWarning() {
        NativeBinarySelection selection = NativeBinarySelector.choose("windows-x86_64", LINUX_X86, CpuFeatures.unknown(),
                "onednn-avx2");

        assertThat(selection.variant()).isEqualTo(ONEDNN_AVX2);
        assertThat(selection.warnings()).anyMatch(warning -> warning.contains("dies on the first instruction"));
    }

    private static CpuFeatures cpu(String... flags) {
        return new CpuFeatures(Set.of(flags), "/proc/cpuinfo");
    }
}
