package bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-run table: median of the runs per engine, the best peer, and the service's speed relative to it. Columns in
 * {@code own} are the service's too (another of its engines), so they are never the best peer.
 */
record PeerTable(Map<String, Map<String, double[]>> results, List<String> engines, List<String> workloads, String service,
                 java.util.Set<String> own) {

    String markdown() {
        StringBuilder out = new StringBuilder("| workload | " + String.join(" | ", engines)
                + " | best peer | service vs best peer (speed) |\n|---" + "|---".repeat(engines.size() + 2) + "|\n");
        for (String workload : workloads) {
            Map<String, double[]> byEngine = results.getOrDefault(workload, Map.of());
            boolean lowerIsBetter = workload.endsWith(" ms");
            List<String> cells = new ArrayList<>();
            String best = null;
            for (String engine : engines) {
                double[] runs = byEngine.get(engine);
                cells.add(runs == null ? "–" : format(Timings.median(runs)) + " (" + formatAll(runs) + ")");
                if (runs != null && !own.contains(engine) && (best == null
                        || (lowerIsBetter ? Timings.median(runs) < Timings.median(byEngine.get(best)) : Timings.median(runs) > Timings.median(byEngine.get(best))))) {
                    best = engine;
                }
            }
            double[] ours = byEngine.get(service);
            String ratio = "–";
            if (best != null && ours != null) {
                double peer = Timings.median(byEngine.get(best));
                ratio = String.format(Locale.ROOT, "%.2fx", lowerIsBetter ? peer / Timings.median(ours) : Timings.median(ours) / peer);
            }
            out.append("| ").append(workload).append(" | ").append(String.join(" | ", cells)).append(" | ")
                    .append(best == null ? "–" : best + " " + format(Timings.median(byEngine.get(best)))).append(" | ").append(ratio).append(" |\n");
        }
        return out.append("\nEach cell: median of the runs, then every run in order. Speed ratio above 1: the service is faster.")
                .toString();
    }

    /**
     * Each median as a fraction of the gemm ceiling: FLOPs per image (per workload, in order) times images per second
     * (a batch-1 latency in ms is one image per that many ms), over ND4J's gemm GFLOP/s.
     */
    String ceilingMarkdown(List<Double> flopPerImage, double gemmGflops, int threads) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Fraction of the gemm ceiling (ND4J gemm 4096x4096 float32 on %d threads: %,.0f GFLOP/s)%n%n", threads, gemmGflops));
        out.append("| workload | ").append(String.join(" | ", engines)).append(" |\n|---").append("|---".repeat(engines.size())).append("|\n");
        for (int w = 0; w < workloads.size(); w++) {
            String workload = workloads.get(w);
            boolean latency = workload.endsWith(" ms");
            List<String> cells = new ArrayList<>();
            for (String engine : engines) {
                double[] runs = results.getOrDefault(workload, Map.of()).get(engine);
                if (runs == null) {
                    cells.add("–");
                    continue;
                }
                double imagesPerSecond = latency ? 1000 / Timings.median(runs) : Timings.median(runs);
                cells.add(String.format(Locale.ROOT, "%.0f%%", 100 * imagesPerSecond * flopPerImage.get(w) / (gemmGflops * 1e9)));
            }
            out.append("| ").append(workload).append(" | ").append(String.join(" | ", cells)).append(" |\n");
        }
        return out.toString();
    }

    static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String formatAll(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double value : values) {
            parts.add(format(value));
        }
        return String.join(" / ", parts);
    }
}
