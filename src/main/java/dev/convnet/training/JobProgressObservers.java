package dev.convnet.training;

import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.engine.fit.TrainingObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Makes the observer of one run, which bridges the engine's callbacks to the job's progress in memory, the job
 * table, metrics, live events and checkpoints, and tells the engine when to stop.
 */
@Component
class JobProgressObservers {

    /** The job table gets a job's progress at most this often: the API reads running jobs of this node from memory. */
    private static final long DB_PROGRESS_NANOS = 2_000_000_000L;

    private final TrainingJobRepository jobs;
    private final TrainingMetrics metrics;
    private final TrainingEvents events;
    private final CheckpointStore checkpoints;
    private final ObjectMapper json;
    private final Clock clock;

    JobProgressObservers(TrainingJobRepository jobs, TrainingMetrics metrics, TrainingEvents events,
                         CheckpointStore checkpoints, ObjectMapper json, Clock clock) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.events = events;
        this.checkpoints = checkpoints;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param resumed whether the run resumes from the job's checkpoint: it then keeps the history rows up to the
     *                checkpoint's epoch
     */
    TrainingObserver observe(TrainingJob job, TrainingPlan plan, LiveJobs.Live state, boolean resumed) {
        List<EpochResult> history = new ArrayList<>(resumed ? historyUpTo(job, job.checkpointEpoch()) : List.of());
        return new JobProgressObserver(job, plan, state, history);
    }

    private List<EpochResult> historyUpTo(TrainingJob job, int lastEpoch) {
        if (job.historyJson() == null) {
            return List.of();
        }
        return Arrays.stream(json.readValue(job.historyJson(), EpochResult[].class))
                .filter(row -> row.epoch() <= lastEpoch).toList();
    }

    private final class JobProgressObserver implements TrainingObserver {

        private final TrainingJob job;
        private final TrainingPlan plan;
        private final LiveJobs.Live state;
        private final List<EpochResult> history;
        private long lastDbWrite = System.nanoTime();

        JobProgressObserver(TrainingJob job, TrainingPlan plan, LiveJobs.Live state, List<EpochResult> history) {
            this.job = job;
            this.plan = plan;
            this.state = state;
            this.history = history;
        }

        @Override
        public void onIteration(IterationProgress progress) {
            state.progress().set(progress);
            metrics.iteration(job.id(), progress);
            events.publish(job.id(), TrainingEvents.ITERATION, ClientEpochs.numbered(progress));
            long now = System.nanoTime();
            if (now - lastDbWrite >= DB_PROGRESS_NANOS) {
                storeProgress(progress);
                if (jobs.cancelRequested(job.id())) {
                    state.cancel().set(true); // asked on another node
                }
            }
        }

        private void storeProgress(IterationProgress progress) {
            lastDbWrite = System.nanoTime();
            jobs.progress(job.id(), progress.epoch(), progress.iteration(), progress.examplesPerSecond(),
                    progress.loss(), progress.accuracy(), clock.instant());
        }

        @Override
        public void onEpoch(EpochResult result, CompiledNetwork network) {
            // One row per epoch number: an epoch trained again (after a resume) replaces its row and the later ones.
            history.removeIf(row -> row.epoch() >= result.epoch());
            history.add(result);
            jobs.history(job.id(), json.writeValueAsString(history), clock.instant());
            IterationProgress last = state.progress().get();
            if (last != null) { // a job shorter than the throttle still leaves its last epoch in the stored view
                storeProgress(last);
            }
            metrics.epoch(job.modelName(), result);
            events.publish(job.id(), "epoch", ClientEpochs.numbered(result));
            checkpoints.writeIfDue(job.id(), plan, result.epoch(), network);
        }

        @Override
        public boolean cancelRequested() {
            return state.cancel().get() || state.shutdown().get();
        }
    }
}
