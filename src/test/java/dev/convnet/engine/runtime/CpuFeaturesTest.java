package dev.convnet.engine.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuFeaturesTest {

    @Test
    void readsTheFlagsLineOfAnX86Cpuinfo() {
        String cpuinfo = """
                processor\t: 0
                vendor_id\t: AuthenticAMD
                model name\t: AMD EPYC 7B13
                flags\t\t: fpu vme sse4_2 avx avx2 fma bmi2
                bugs\t\t: sysret_ss_attrs

                processor\t: 1
                flags\t\t: fpu vme sse4_2 avx avx2 fma bmi2
                """;

        CpuFeatures cpu = CpuFeatures.fromCpuinfo(cpuinfo);

        assertThat(cpu.source()).isEqualTo("/proc/cpuinfo");
        assertThat(cpu.flags()).contains("avx2", "fma").doesNotContain("avx512f", "sysret_ss_attrs");
        assertThat(cpu.relevant()).containsExactly("avx", "avx2", "fma", "sse4_2");
    }

    @Test
    void readsTheFeaturesLineOfAnArm64Cpuinfo() {
        String cpuinfo = """
                processor\t: 0
                BogoMIPS\t: 243.75
                Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid sve
                CPU implementer\t: 0x41
                """;

        CpuFeatures cpu = CpuFeatures.fromCpuinfo(cpuinfo);

        assertThat(cpu.known()).isTrue();
        assertThat(cpu.flags()).contains("asimd", "sve");
    }

    @Test
    void aCpuinfoWithoutFlagsIsUnknown() {
        assertThat(CpuFeatures.fromCpuinfo("processor\t: 0\nmodel name\t: something\n").known()).isFalse();
    }

    @Test
    void readsMacOsSysctlNames() {
        CpuFeatures cpu = CpuFeatures.fromSysctl("FPU VME SSE4.2 AVX1.0 FMA\nRDWRFSGS BMI1 AVX2 AVX512F AVX512CD AVX512DQ\n");

        assertThat(cpu.source()).isEqualTo("sysctl");
        assertThat(cpu.flags()).contains("avx", "avx2", "fma", "sse4_2", "avx512f", "avx512dq");
    }

    @Test
    void hotSpotsAvxLevelClaimsOnlyWhatItGuarantees() {
        assertThat(CpuFeatures.fromJvmUseAvx(2).flags()).containsExactlyInAnyOrder("avx", "avx2", "fma");
        assertThat(CpuFeatures.fromJvmUseAvx(3).flags()).contains("avx512f").doesNotContain("avx512bw");
        assertThat(CpuFeatures.fromJvmUseAvx(3).source()).isEqualTo("jvm UseAVX=3");
        assertThat(CpuFeatures.fromJvmUseAvx(-1).known()).isFalse();
    }

    @Test
    void thisMachinesCpuIsRead() {
        CpuFeatures cpu = CpuFeatures.detect();

        assertThat(cpu.known()).isTrue();
        assertThat(cpu.flags()).isNotEmpty();
    }
}
