package dev.convnet.training;

import dev.convnet.engine.fit.EpochResult;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

@Schema(description = "A training job: state, live progress, per-epoch history and outcome")
public record TrainingJobView(
        UUID id,
        TrainingJobState state,
        @Schema(description = "The model being trained") UUID modelId,
        @Schema(example = "lenet5") String modelName,
        @Schema(example = "mnist") String dataset,
        @Schema(example = "1") int epochs,
        @Schema(description = "Current epoch, 1-based") Integer epoch,
        @Schema(description = "Iterations (minibatches) done") Integer iteration,
        Double examplesPerSecond,
        @Schema(description = "Running training loss of the current epoch") Double loss,
        @Schema(description = "Running training accuracy of the current epoch") Double accuracy,
        Double elapsedSeconds,
        @Schema(description = "At the current speed; validation time not included") Double estimatedRemainingSeconds,
        @Schema(description = "Per epoch, numbered from 1: loss, accuracy, validation loss/accuracy, learning rate") List<EpochResult> history,
        @Schema(description = "The trained model, once the job succeeded") UUID resultModelId,
        @Schema(description = "Why the job failed, was cancelled or was requeued") String error,
        @Schema(description = "The node that runs or ran it") String node,
        boolean cancelRequested,
        Instant createdAt, Instant startedAt, Instant finishedAt,
        @Schema(description = "Who submitted it: an API key's id or a token's subject, 'anonymous' without security",
                example = "admin-1") String submittedBy,
        @Schema(description = "The job as submitted, with the seed filled in") JsonNode request) {

    /**
     * Failed only because its node died, restarted or shut down before the job had a checkpoint to resume from:
     * the same job submitted again may well succeed.
     */
    public boolean lostWithItsNode() {
        return state == TrainingJobState.FAILED && error != null && error.endsWith(TrainingRecovery.NO_CHECKPOINT);
    }
}
