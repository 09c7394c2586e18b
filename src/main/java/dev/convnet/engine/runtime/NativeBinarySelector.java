package dev.convnet.engine.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Chooses the fastest ND4J build that the CPU can run among those the artifact carries, or checks the one that
 * {@code convnet.engine.native-binary} names. A pure function of its inputs, so that every CPU can be tried in a test.
 */
public final class NativeBinarySelector {

    public static final String AUTO = "auto";

    private NativeBinarySelector() {
    }

    /**
     * @param platform  JavaCPP's platform, e.g. {@code linux-x86_64}
     * @param available the builds on the classpath for that platform, in any order
     * @param cpu       the CPU's extensions
     * @param requested {@code auto} (or null/blank) to choose, else a build's name ({@code onednn-avx2}, ...)
     * @throws NativeBinaryException when nothing suitable is available, naming what is and what the CPU lacks
     */
    public static NativeBinarySelection choose(String platform, Collection<NativeVariant> available, CpuFeatures cpu,
                                               String requested) {
        List<NativeVariant> carried = available.stream().sorted().distinct().toList();
        if (carried.isEmpty()) {
            throw new NativeBinaryException("this build carries no ND4J binary for " + platform
                    + "; build it on that platform (./mvnw detects it) or with -Djavacpp.platform=" + platform);
        }
        boolean auto = requested == null || requested.isBlank() || requested.trim().equalsIgnoreCase(AUTO);
        return auto ? fastestRunnable(platform, carried, cpu) : requestedOne(platform, carried, cpu, requested.trim());
    }

    private static NativeBinarySelection fastestRunnable(String platform, List<NativeVariant> carried, CpuFeatures cpu) {
        List<String> skipped = new ArrayList<>();
        for (NativeVariant variant : carried) {
            Set<String> missing = missing(variant, cpu);
            if (missing.isEmpty()) {
                String reason = "fastest of " + names(carried) + " that this CPU can run"
                        + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")
                        + "; CPU features from " + cpu.source();
                List<String> warnings = new ArrayList<>(warnings(platform, variant));
                if (!cpu.known()) {
                    warnings.add("CPU features could not be read: chose " + variant.classifier(platform)
                            + ", which needs no SIMD extension; set convnet.engine.native-binary to use a faster one");
                }
                return new NativeBinarySelection(platform, variant, carried, cpu, AUTO, reason, warnings);
            }
            skipped.add(variant.settingName() + " needs " + (cpu.known() ? missing : variant.requiredCpuFlags())
                    + (cpu.known() ? " that this CPU lacks" : ", which cannot be checked here"));
        }
        throw new NativeBinaryException("no ND4J binary in this build can run on this CPU: " + String.join("; ", skipped)
                + ". Build for this machine with ./mvnw package, or set convnet.engine.native-binary to force one");
    }

    private static NativeBinarySelection requestedOne(String platform, List<NativeVariant> carried, CpuFeatures cpu,
                                                      String requested) {
        NativeVariant variant = NativeVariant.fromSetting(requested, platform)
                .orElseThrow(() -> new NativeBinaryException("convnet.engine.native-binary=" + requested
                        + " names no ND4J build; use auto or one of " + names(List.of(NativeVariant.values()))));
        if (!carried.contains(variant)) {
            throw new NativeBinaryException("convnet.engine.native-binary=" + requested + ": this build carries no "
                    + variant.classifier(platform) + " binary; it carries " + names(carried));
        }
        Set<String> missing = missing(variant, cpu);
        if (cpu.known() && !missing.isEmpty()) {
            throw new NativeBinaryException("convnet.engine.native-binary=" + requested + ": " + variant.classifier(platform)
                    + " needs CPU features " + missing + " that this CPU lacks (it would die with an illegal instruction); "
                    + "use auto or one of " + names(carried.stream().filter(each -> missing(each, cpu).isEmpty()).toList()));
        }
        List<String> warnings = new ArrayList<>(warnings(platform, variant));
        if (!cpu.known() && !variant.requiredCpuFlags().isEmpty()) {
            warnings.add("CPU features could not be read: " + variant.classifier(platform) + " needs "
                    + new TreeSet<>(variant.requiredCpuFlags()) + " and the JVM dies on the first instruction the CPU lacks");
        }
        NativeVariant fastest = carried.stream().filter(each -> missing(each, cpu).isEmpty()).findFirst().orElse(variant);
        if (cpu.known() && fastest.compareTo(variant) < 0) {
            warnings.add(variant.classifier(platform) + " was configured although this CPU runs the faster "
                    + fastest.classifier(platform));
        }
        return new NativeBinarySelection(platform, variant, carried, cpu, requested,
                "configured: convnet.engine.native-binary=" + requested, warnings);
    }

    /** Flags the build needs that the CPU is not known to have; with unknown features, all it needs. */
    static Set<String> missing(NativeVariant variant, CpuFeatures cpu) {
        return variant.requiredCpuFlags().stream()
                .filter(flag -> !cpu.flags().contains(flag))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> warnings(String platform, NativeVariant variant) {
        if (variant.oneDnn()) {
            return List.of();
        }
        return List.of("no oneDNN build of ND4J for " + platform + ": convolution, pooling and batch normalization "
                + "run on DL4J's built-in im2col path, several times slower than with oneDNN");
    }

    private static String names(List<NativeVariant> variants) {
        return variants.stream().map(NativeVariant::settingName).toList().toString();
    }
}
