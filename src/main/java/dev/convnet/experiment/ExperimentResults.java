package dev.convnet.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

@Schema(description = "An experiment's results: per variant over its seeds, ranked by mean test accuracy")
public record ExperimentResults(
        UUID id, String name, ExperimentState state, String baseline,
        @Schema(description = "e.g. fashion-mnist") String dataset,
        @Schema(description = "Variants ranked by mean test accuracy, best first") List<VariantResult> variants,
        @Schema(description = "What helps and what hurts, in words, from the numbers") List<String> findings) {

    @Schema(description = "A variant's results over its successful runs")
    public record VariantResult(
            int rank, String name, boolean baseline, int runs, int succeededRuns,
            @Schema(description = "Trainable and non-trainable parameters") Long parameters,
            Statistics.Summary testAccuracy, Statistics.Summary testLoss,
            @Schema(description = "Seconds from start to end of each run's training job") Statistics.Summary trainingSeconds,
            @Schema(description = "Training images per second, mean over epochs") Statistics.Summary imagesPerSecond,
            @Schema(description = "Test accuracy minus the baseline's; null for the baseline") Statistics.Difference accuracyVsBaseline,
            @Schema(description = "Test loss minus the baseline's; null for the baseline") Statistics.Difference lossVsBaseline,
            List<RunResult> runDetails) {
    }

    @Schema(description = "One run: its seed, its job and what it measured; curves per epoch from the job's history")
    public record RunResult(long seed, UUID jobId, String state, UUID modelId, Double testAccuracy, Double testLoss,
                            Double trainingSeconds, Double imagesPerSecond,
                            @Schema(description = "Validation accuracy per epoch (null where the job had no validation)")
                            List<Double> validationAccuracy,
                            @Schema(description = "Validation loss per epoch") List<Double> validationLoss) {
    }
}
