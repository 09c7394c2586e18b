package dev.convnet.experiment;

import dev.convnet.training.TrainingJobView;
import java.util.List;

/** An experiment with each run's training job as it is now. */
record ExperimentSnapshot(StoredExperiment experiment, List<StoredExperiment.Variant> variants, List<RunSnapshot> runs) {

    /** A run, the name of its variant, and its job (null until queued). */
    record RunSnapshot(StoredExperiment.Run run, String variant, TrainingJobView job) {

        /** PENDING (not queued yet), SKIPPED (never will be), MISSING (its job row is gone), else the job's state. */
        String state() {
            if (job != null) {
                return job.state().name();
            }
            if (run.jobId() != null) {
                return "MISSING";
            }
            return run.error() == null ? "PENDING" : "SKIPPED";
        }

        boolean active() {
            return job != null && !job.state().finished();
        }

        boolean ended() {
            return run.error() != null || (run.jobId() != null && (job == null || job.state().finished()));
        }

        boolean succeeded() {
            return job != null && "SUCCEEDED".equals(job.state().name());
        }
    }

    long count(java.util.function.Predicate<RunSnapshot> which) {
        return runs.stream().filter(which).count();
    }
}
