package dev.convnet.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bytedeco.javacpp.Loader;

/**
 * Which ND4J native binary is on the classpath and whether it suits this CPU. The binary is chosen when the
 * service is built (Maven property {@code nd4j.native.extension}), so a jar or image can land on a host with a
 * different CPU: an AVX-512 binary on a CPU without AVX-512 dies with an illegal instruction, and an AVX2 or
 * generic binary on an AVX-512 CPU leaves speed unused. Everything here works before ND4J loads native code.
 */
public final class NativeBinary {

    /** The variants ND4J M2.1 publishes, most specific first (classifier suffixes after the platform). */
    static final List<String> KNOWN_EXTENSIONS =
            List.of("-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", "");

    /** Instruction-set flags (as /proc/cpuinfo names them) that the binaries are compiled for. */
    private static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq");
    private static final Set<String> AVX2_FLAGS = Set.of("avx2", "fma");
    private static final Set<String> REPORTED_FLAGS = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd",
            "avx512vl", "avx512bw", "avx512dq", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile");

    private NativeBinary() {
    }

    /** Classifiers of every ND4J CPU binary found on the classpath, e.g. {@code linux-x86_64-onednn-avx512}. */
    public static List<String> classifiersOnClasspath() {
        String platform = Loader.getPlatform();
        String library = System.mapLibraryName("jnind4jcpu");
        ClassLoader loader = NativeBinary.class.getClassLoader();
        List<String> found = new ArrayList<>();
        for (String extension : KNOWN_EXTENSIONS) {
            String resource = "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + extension + "/" + library;
            if (loader.getResource(resource) != null) {
                found.add(platform + extension);
            }
        }
        return found;
    }

    public static boolean isOneDnnBuild(String classifier) {
        return classifier.contains("-onednn");
    }

    /** The CPU's instruction-set flags relevant to ND4J; empty where /proc/cpuinfo does not exist. */
    public static Set<String> cpuFeatures() {
        return allCpuFlags().stream().filter(REPORTED_FLAGS::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Flags the binary needs and the CPU lacks; not empty means loading it would crash the JVM. */
    static Set<String> missingCpuFlags(String classifier, Set<String> cpuFlags) {
        if (cpuFlags.isEmpty()) {
            return Set.of(); // unknown CPU (not Linux): let ND4J's own check speak
        }
        Set<String> required = new TreeSet<>();
        if (classifier.endsWith("avx512")) {
            required.addAll(AVX512_FLAGS);
        } else if (classifier.endsWith("avx2")) {
            required.addAll(AVX2_FLAGS);
        }
        required.removeAll(cpuFlags);
        return required;
    }

    /** Human-readable problems with the binary choice on this CPU; empty when all is well. */
    public static List<String> problems() {
        List<String> classifiers = classifiersOnClasspath();
        if (classifiers.isEmpty()) {
            return List.of("no ND4J CPU binary for " + Loader.getPlatform() + " on the classpath");
        }
        List<String> problems = new ArrayList<>();
        if (classifiers.size() > 1) {
            problems.add("several ND4J binaries on the classpath " + classifiers
                    + "; JavaCPP may load any of them, exclude all but one");
        }
        Set<String> flags = allCpuFlags();
        String classifier = classifiers.get(0);
        Set<String> missing = missingCpuFlags(classifier, flags);
        if (!missing.isEmpty()) {
            problems.add("ND4J binary " + classifier + " needs CPU features " + missing
                    + " that this CPU lacks; rebuild with -Pnd4j-avx2 or -Pnd4j-generic");
        } else if (flags.containsAll(AVX512_FLAGS) && !classifier.endsWith("avx512")) {
            problems.add("this CPU has AVX-512 but ND4J binary " + classifier
                    + " does not use it; rebuild without -Pnd4j-avx2/-Pnd4j-generic");
        } else if (!flags.containsAll(AVX512_FLAGS) && flags.containsAll(AVX2_FLAGS) && !classifier.endsWith("avx2")
                && !classifier.endsWith("avx512")) {
            problems.add("this CPU has AVX2 but ND4J binary " + classifier + " does not use it; rebuild with -Pnd4j-avx2");
        }
        if (!isOneDnnBuild(classifier)) {
            problems.add("ND4J binary " + classifier + " has no oneDNN: convolution layers run on im2col+gemm");
        }
        return problems;
    }

    private static Set<String> allCpuFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.toLowerCase(Locale.ROOT).startsWith("flags"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .map(flags -> Set.copyOf(Arrays.asList(flags.split("\\s+"))))
                    .orElse(Set.of());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
