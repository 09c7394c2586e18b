package dev.convnet.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Results built from given test accuracies per run, as the calculator would build them from jobs. */
final class SampleResults {

    private SampleResults() {
    }

    static ExperimentResults.VariantResult variant(int rank, String name, boolean baseline, List<Double> accuracies,
                                                   List<Double> baselineAccuracies, double seconds) {
        List<ExperimentResults.RunResult> runs = new ArrayList<>();
        for (int i = 0; i < accuracies.size(); i++) {
            double accuracy = accuracies.get(i);
            runs.add(new ExperimentResults.RunResult(i + 1, UUID.randomUUID(), "SUCCEEDED", UUID.randomUUID(), accuracy,
                    1 - accuracy, seconds, 1000.0, List.of(accuracy - 0.05, accuracy), List.of(0.6, 1 - accuracy)));
        }
        List<Double> losses = accuracies.stream().map(a -> 1 - a).toList();
        return new ExperimentResults.VariantResult(rank, name, baseline, runs.size(), runs.size(), 1234L,
                Statistics.summary(accuracies), Statistics.summary(losses), Statistics.summary(List.of(seconds)),
                Statistics.summary(List.of(1000.0)),
                baseline ? null : Statistics.welch(accuracies, baselineAccuracies),
                baseline ? null : Statistics.welch(losses, baselineAccuracies.stream().map(a -> 1 - a).toList()), runs);
    }

    static ExperimentResults threeVariants() {
        List<Double> base = List.of(0.88, 0.885, 0.875, 0.89);
        List<ExperimentResults.VariantResult> ranked = List.of(
                variant(1, "batch-norm", false, List.of(0.91, 0.92, 0.93), base, 30),
                variant(2, "baseline", true, base, base, 10),
                variant(3, "no-dropout", false, List.of(0.86, 0.90, 0.87), base, 10.5));
        return new ExperimentResults(UUID.randomUUID(), "what <helps>", ExperimentState.SUCCEEDED, "baseline",
                "fashion-mnist", ranked, Findings.sentences(ranked));
    }
}
