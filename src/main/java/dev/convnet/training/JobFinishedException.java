package dev.convnet.training;

import java.util.UUID;

/** A job that already ended cannot be cancelled; answered with 409. */
public class JobFinishedException extends RuntimeException {

    public JobFinishedException(UUID id, TrainingJobState state) {
        super("training job " + id + " already ended (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
