package dev.convnet.training;

import java.util.UUID;

/**
 * A run tried to record a result (checkpoint, outcome) for a job that is not running any more: another node
 * presumed this one dead and requeued or failed it. What the run wrote is undone with its transaction.
 */
class JobNoLongerRunningException extends RuntimeException {

    JobNoLongerRunningException(UUID jobId) {
        super("training job " + jobId + " is no longer running here; this run's result is discarded");
    }
}
