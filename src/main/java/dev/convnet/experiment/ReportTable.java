package dev.convnet.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table both reports show: one row per variant, best first, as text cells. */
final class ReportTable {

    static final List<String> HEADERS = List.of("rank", "variant", "runs ok", "test accuracy % (mean ± std)",
            "min–max %", "test loss (mean ± std)", "Δ accuracy vs baseline, points (95% CI)", "parameters",
            "training time s", "images/s");

    private ReportTable() {
    }

    static List<List<String>> rows(ExperimentResults results) {
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentResults.VariantResult v : results.variants()) {
            Statistics.Summary accuracy = v.testAccuracy();
            rows.add(List.of(
                    Integer.toString(v.rank()),
                    v.name() + (v.baseline() ? " (baseline)" : ""),
                    v.succeededRuns() + "/" + v.runs(),
                    accuracy == null ? "–" : Findings.percent(accuracy),
                    accuracy == null ? "–" : format("%.2f–%.2f", accuracy.min() * 100, accuracy.max() * 100),
                    v.testLoss() == null ? "–" : meanStd(v.testLoss(), "%.4f"),
                    difference(v),
                    v.parameters() == null ? "–" : format("%,d", v.parameters()),
                    v.trainingSeconds() == null ? "–" : format("%.1f", v.trainingSeconds().mean()),
                    v.imagesPerSecond() == null ? "–" : format("%.0f", v.imagesPerSecond().mean())));
        }
        return rows;
    }

    private static String difference(ExperimentResults.VariantResult v) {
        if (v.baseline()) {
            return "–";
        }
        Statistics.Difference d = v.accuracyVsBaseline();
        if (d == null) {
            return "no result";
        }
        String change = format("%+.2f", d.difference() * 100);
        return d.low() == null ? change + " (one seed: no CI)"
                : change + format(" (%+.2f to %+.2f)", d.low() * 100, d.high() * 100) + (d.significant() ? "" : " within noise");
    }

    private static String meanStd(Statistics.Summary s, String pattern) {
        return s.std() == null ? format(pattern, s.mean()) : format(pattern + " ± " + pattern, s.mean(), s.std());
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
