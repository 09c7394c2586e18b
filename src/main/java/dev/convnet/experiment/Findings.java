package dev.convnet.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "What helps, what hurts" in words, from the numbers: a variant helps or hurts only when the 95% interval of its
 * difference to the baseline excludes zero; otherwise it is within noise.
 */
final class Findings {

    private static final double SLOWER = 1.25;
    private static final double FASTER = 0.8;

    private Findings() {
    }

    static List<String> sentences(List<ExperimentResults.VariantResult> ranked) {
        List<String> sentences = new ArrayList<>();
        ExperimentResults.VariantResult baseline = ranked.stream().filter(ExperimentResults.VariantResult::baseline)
                .findFirst().orElse(null);
        ExperimentResults.VariantResult best = ranked.isEmpty() ? null : ranked.get(0);
        if (best == null || best.testAccuracy() == null) {
            sentences.add("No run has succeeded yet: nothing to compare.");
            return sentences;
        }
        sentences.add(String.format(Locale.ROOT, "Best: '%s' with %s test accuracy (mean over %d seed%s).", best.name(),
                percent(best.testAccuracy()), best.testAccuracy().n(), best.testAccuracy().n() == 1 ? "" : "s"));
        if (baseline == null || baseline.testAccuracy() == null) {
            sentences.add("The baseline has no successful run: no variant can be compared with it.");
            return sentences;
        }
        for (ExperimentResults.VariantResult variant : ranked) {
            if (!variant.baseline()) {
                sentences.add(sentence(variant, baseline));
            }
        }
        return sentences;
    }

    static String sentence(ExperimentResults.VariantResult variant, ExperimentResults.VariantResult baseline) {
        Statistics.Difference d = variant.accuracyVsBaseline();
        if (d == null) {
            return "'" + variant.name() + "' has no successful run: nothing to compare with '" + baseline.name() + "'.";
        }
        String change = points(d.difference()) + " test accuracy against '" + baseline.name() + "'";
        String sentence;
        if (d.low() == null) {
            sentence = String.format(Locale.ROOT, "'%s': %s, from a single run on one side: no interval, so help cannot be "
                    + "told from noise; run more seeds.", variant.name(), change);
        } else {
            String interval = "95% CI " + points(d.low()) + " to " + points(d.high());
            String verdict = !d.significant() ? "is within noise" : d.difference() > 0 ? "helps" : "hurts";
            sentence = String.format(Locale.ROOT, "'%s' %s: %s (%s).", variant.name(), verdict, change, interval);
        }
        return sentence + cost(variant, baseline);
    }

    private static String cost(ExperimentResults.VariantResult variant, ExperimentResults.VariantResult baseline) {
        if (variant.trainingSeconds() == null || baseline.trainingSeconds() == null || baseline.trainingSeconds().mean() <= 0) {
            return "";
        }
        double ratio = variant.trainingSeconds().mean() / baseline.trainingSeconds().mean();
        if (ratio >= SLOWER || ratio <= FASTER) {
            return String.format(Locale.ROOT, " It takes %.1fx the baseline's training time.", ratio);
        }
        return "";
    }

    /** A difference of accuracies in percentage points, signed. */
    static String points(double difference) {
        return String.format(Locale.ROOT, "%+.2f points", difference * 100);
    }

    static String percent(Statistics.Summary accuracy) {
        return accuracy.std() == null ? String.format(Locale.ROOT, "%.2f%%", accuracy.mean() * 100)
                : String.format(Locale.ROOT, "%.2f%% ± %.2f", accuracy.mean() * 100, accuracy.std() * 100);
    }
}
