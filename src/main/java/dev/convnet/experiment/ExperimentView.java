package dev.convnet.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

@Schema(description = "An experiment: its state, and each variant's runs with their training jobs")
public record ExperimentView(
        UUID id,
        @Schema(example = "fashion-mnist: what helps") String name,
        ExperimentState state,
        @Schema(description = "The variant the others are compared with") String baseline,
        int maxParallelRuns,
        @Schema(description = "When the wall-time budget runs out; null: no limit") Instant deadline,
        @Schema(description = "Runs by state: PENDING, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED") Progress progress,
        List<VariantView> variants,
        @Schema(description = "Why it failed, was cancelled or ran out of time") String error,
        String submittedBy,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "The experiment as submitted") JsonNode request) {

    @Schema(description = "How many runs are in each state")
    public record Progress(int total, int pending, int queued, int running, int succeeded, int failed, int cancelled,
                           int skipped) {
    }

    @Schema(description = "A variant: its patch over the base job and its runs")
    public record VariantView(String name, JsonNode patch, List<RunView> runs) {
    }

    @Schema(description = "One run: a seed and the training job that runs it")
    public record RunView(long seed, UUID jobId,
                          @Schema(example = "SUCCEEDED") String state,
                          @Schema(description = "Why the run was skipped") String error,
                          @Schema(description = "Jobs of this run lost with their node (killed or restarted before a "
                                  + "checkpoint) and replaced by a new one; jobId is the last") int retries) {
    }
}
