package dev.convnet.experiment;

import java.util.UUID;

/** Deleting an experiment that still runs: it must be cancelled first. */
class ExperimentRunningException extends RuntimeException {

    ExperimentRunningException(UUID id) {
        super("Experiment " + id + " is still running: cancel it first");
    }
}
