package dev.convnet.engine.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The CPU's instruction-set extensions, named as Linux's /proc/cpuinfo names them ({@code avx2}, {@code fma},
 * {@code avx512f}, ...), and where they were read from. Detected without loading any native code, so that the
 * ND4J binary can be chosen before it is loaded.
 *
 * @param flags  the extensions found; empty when {@code source} is {@link #UNKNOWN}
 * @param source {@code /proc/cpuinfo}, {@code sysctl} (macOS), {@code jvm UseAVX=N} (HotSpot's own probe, where
 *               nothing else tells) or {@link #UNKNOWN}
 */
public record CpuFeatures(Set<String> flags, String source) {

    public static final String UNKNOWN = "unknown";

    /** The extensions that decide between ND4J's binaries, reported in health. */
    static final Set<String> RELEVANT = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512vl",
            "avx512bw", "avx512dq", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile", "asimd", "neon");

    public CpuFeatures {
        flags = Set.copyOf(flags);
    }

    public static CpuFeatures unknown() {
        return new CpuFeatures(Set.of(), UNKNOWN);
    }

    public boolean known() {
        return !UNKNOWN.equals(source);
    }

    /** Only the extensions that matter here, sorted: what health shows. */
    public Set<String> relevant() {
        return flags.stream().filter(RELEVANT::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Reads this machine's CPU: /proc/cpuinfo on Linux, sysctl on macOS, else what the JVM found. */
    public static CpuFeatures detect() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                CpuFeatures fromCpuinfo = fromCpuinfo(Files.readString(cpuinfo, StandardCharsets.ISO_8859_1));
                if (fromCpuinfo.known()) {
                    return fromCpuinfo;
                }
            } catch (IOException e) {
                // fall through to the other sources
            }
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            CpuFeatures fromSysctl = fromSysctl(run("sysctl", "-n", "machdep.cpu.features", "machdep.cpu.leaf7_features"));
            if (fromSysctl.known()) {
                return fromSysctl;
            }
        }
        return fromJvmUseAvx(hotSpotUseAvx());
    }

    /** The first {@code flags} (x86) or {@code Features} (arm) line of /proc/cpuinfo. */
    static CpuFeatures fromCpuinfo(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> {
                    String key = line.split(":", 2)[0].trim().toLowerCase(Locale.ROOT);
                    return key.equals("flags") || key.equals("features");
                })
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .filter(flags -> !flags.isEmpty())
                .map(flags -> new CpuFeatures(Set.copyOf(Arrays.asList(flags.toLowerCase(Locale.ROOT).split("\\s+"))),
                        "/proc/cpuinfo"))
                .orElse(unknown());
    }

    /** macOS: {@code sysctl -n machdep.cpu.features machdep.cpu.leaf7_features}, e.g. "FMA ... AVX1.0" and "AVX2 AVX512F". */
    static CpuFeatures fromSysctl(String output) {
        if (output == null || output.isBlank()) {
            return unknown();
        }
        Set<String> flags = new TreeSet<>();
        for (String token : output.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            flags.add(switch (token) {
                case "avx1.0" -> "avx";
                case "sse4.2" -> "sse4_2";
                default -> token;
            });
        }
        return new CpuFeatures(flags, "sysctl");
    }

    /**
     * HotSpot probes the CPU at start-up and sets {@code UseAVX} to the highest level it may use: 2 means AVX2 (every
     * AVX2 CPU also has FMA3), 3 means AVX-512 Foundation. Level 3 does not promise the BW/DQ/VL subsets that ND4J's
     * AVX-512 builds need, so only {@code avx512f} is claimed for it.
     */
    static CpuFeatures fromJvmUseAvx(int useAvx) {
        if (useAvx < 0) {
            return unknown();
        }
        Set<String> flags = new TreeSet<>();
        if (useAvx >= 1) {
            flags.add("avx");
        }
        if (useAvx >= 2) {
            flags.addAll(Set.of("avx2", "fma"));
        }
        if (useAvx >= 3) {
            flags.add("avx512f");
        }
        return new CpuFeatures(flags, "jvm UseAVX=" + useAvx);
    }

    private static int hotSpotUseAvx() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot == null ? -1 : Integer.parseInt(hotSpot.getVMOption("UseAVX").getValue());
        } catch (RuntimeException e) {
            return -1; // not HotSpot, or not x86 (the option exists only there)
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
