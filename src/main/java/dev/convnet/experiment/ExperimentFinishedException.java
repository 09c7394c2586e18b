package dev.convnet.experiment;

import java.util.UUID;

/** Cancelling an experiment that already ended. */
class ExperimentFinishedException extends RuntimeException {

    ExperimentFinishedException(UUID id, ExperimentState state) {
        super("Experiment " + id + " already ended: " + state);
    }
}
