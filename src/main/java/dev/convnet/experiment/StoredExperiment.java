package dev.convnet.experiment;

import java.time.Instant;
import java.util.UUID;

/** Rows of an experiment: the experiment, its variants (by position) and its runs (a variant with one seed). */
record StoredExperiment(UUID id, String name, ExperimentState state, String requestJson, String baseline,
                        int maxParallelRuns, Instant deadline, String submittedBy, String error, Instant createdAt,
                        Instant finishedAt) {

    record Variant(int position, String name, String patchJson, String jobJson) {
    }

    /**
     * {@code jobId} is null until the run is queued; {@code error} says why a run never got a job; {@code retries}
     * counts the jobs it lost with their node and replaced.
     */
    record Run(int position, int variant, long seed, UUID jobId, String error, int retries) {

        boolean waiting() {
            return jobId == null && error == null;
        }
    }
}
