package dev.convnet.engine.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The builds ND4J 1.0.0-M2.1 publishes for one platform, fastest first. A build's classifier is the JavaCPP
 * platform plus the extension, e.g. {@code linux-x86_64} + {@code -onednn-avx2}. oneDNN builds run convolution,
 * pooling and batch normalization as oneDNN primitives (several times faster than DL4J's im2col path), so any
 * oneDNN build ranks above any plain one; within each, the widest SIMD level the CPU has wins.
 */
public enum NativeVariant {

    ONEDNN_AVX512("-onednn-avx512", true, Set.of("avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq")),
    ONEDNN_AVX2("-onednn-avx2", true, Set.of("avx2", "fma")),
    ONEDNN("-onednn", true, Set.of()),
    AVX512("-avx512", false, Set.of("avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq")),
    AVX2("-avx2", false, Set.of("avx2", "fma")),
    PLAIN("", false, Set.of());

    private final String extension;
    private final boolean oneDnn;
    private final Set<String> requiredCpuFlags;

    NativeVariant(String extension, boolean oneDnn, Set<String> requiredCpuFlags) {
        this.extension = extension;
        this.oneDnn = oneDnn;
        this.requiredCpuFlags = requiredCpuFlags;
    }

    /** JavaCPP's platform extension: the classifier's suffix after the platform, with its leading dash. */
    public String extension() {
        return extension;
    }

    public boolean oneDnn() {
        return oneDnn;
    }

    /** Instruction-set extensions the build was compiled for: loading it on a CPU without them kills the JVM. */
    public Set<String> requiredCpuFlags() {
        return requiredCpuFlags;
    }

    public String classifier(String platform) {
        return platform + extension;
    }

    /** The setting's spelling: {@code onednn-avx512}, ..., {@code plain}. */
    public String settingName() {
        return this == PLAIN ? "plain" : extension.substring(1);
    }

    /** Parses a setting value: {@code onednn-avx2}, {@code -onednn-avx2} or a whole classifier; {@code plain} or empty for the plain build. */
    public static Optional<NativeVariant> fromSetting(String value, String platform) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith(platform)) {
            name = name.substring(platform.length());
        }
        if (name.startsWith("-")) {
            name = name.substring(1);
        }
        if (name.isEmpty() || name.equals("plain")) {
            return Optional.of(PLAIN);
        }
        String wanted = name;
        return Arrays.stream(values()).filter(variant -> variant.settingName().equals(wanted)).findFirst();
    }
}
