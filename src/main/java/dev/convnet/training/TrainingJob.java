package dev.convnet.training;

import java.time.Instant;
import java.util.UUID;

/** A training job as stored in the job table; its checkpoint is a file in the job's storage directory. */
record TrainingJob(UUID id, TrainingJobState state, String requestJson, UUID modelId, String modelName, String dataset,
                   int epochs, UUID resultModelId, String node, Integer epoch, Integer iteration, Double examplesPerSecond,
                   Double loss, Double accuracy, String historyJson, String error, boolean cancelRequested,
                   String checkpointFile, String checkpointSha256, Integer checkpointEpoch, Instant createdAt, Instant startedAt,
                   Instant finishedAt, Instant updatedAt, String submittedBy) {
}
