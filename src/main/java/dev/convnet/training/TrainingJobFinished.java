package dev.convnet.training;

import java.util.UUID;

/** A job reached a final state (succeeded, failed or cancelled, whether it ran or not); published once per job. */
record TrainingJobFinished(UUID jobId, TrainingJobState state) {
}
