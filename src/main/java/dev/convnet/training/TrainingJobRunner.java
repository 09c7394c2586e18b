package dev.convnet.training;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.NotFoundException;
import dev.convnet.dataset.DatasetUnavailableException;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.fit.NetworkTrainer;
import dev.convnet.engine.fit.TrainingDivergedException;
import dev.convnet.engine.fit.TrainingObserver;
import dev.convnet.engine.fit.TrainingOutOfMemoryException;
import dev.convnet.engine.fit.TrainingOutcome;
import dev.convnet.engine.fit.TrainingSettings;
import dev.convnet.models.ModelOverLimitsException;
import dev.convnet.store.BrokenModelException;
import dev.convnet.store.StoredNetworks;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one training job on this node, as the job engine's task: claims it, trains (from its checkpoint if it has
 * one), publishes the trained model and records the outcome. Every way out of a run ends the job in a final state
 * (or back in the queue to resume from a checkpoint): no job stays RUNNING. The trained model and the job's final
 * state commit together ({@link TrainedModelPublisher}): a job is SUCCEEDED with exactly one model, or not at all.
 */
@Component
class TrainingJobRunner {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobRunner.class);

    private final TrainingJobRepository jobs;
    private final TrainingRunLoader runs;
    private final LiveJobs live;
    private final CheckpointStore checkpoints;
    private final StoredNetworks networks;
    private final NetworkTrainer trainer;
    private final JobProgressObservers observers;
    private final TrainedModelPublisher publisher;
    private final TrainingRecovery recovery;
    private final TrainingMetrics metrics;
    private final TrainingEvents events;
    private final TrainingThreadPolicy threadPolicy;
    private final Clock clock;
    private final String node;

    TrainingJobRunner(TrainingJobRepository jobs, TrainingRunLoader runs, LiveJobs live, CheckpointStore checkpoints,
                      StoredNetworks networks, NetworkTrainer trainer, JobProgressObservers observers,
                      TrainedModelPublisher publisher, TrainingRecovery recovery, TrainingMetrics metrics,
                      TrainingEvents events, TrainingThreadPolicy threadPolicy, Clock clock, TrainingProperties properties) {
        this.jobs = jobs;
        this.runs = runs;
        this.live = live;
        this.checkpoints = checkpoints;
        this.networks = networks;
        this.trainer = trainer;
        this.observers = observers;
        this.publisher = publisher;
        this.recovery = recovery;
        this.metrics = metrics;
        this.events = events;
        this.threadPolicy = threadPolicy;
        this.clock = clock;
        this.node = properties.effectiveNodeName();
    }

    void run(UUID jobId) {
        if (!jobs.start(jobId, node, clock.instant())) {
            log.info("Training job {} is not queued any more (taken, cancelled or finished); skipping", jobId);
            return;
        }
        TrainingJob job = jobs.find(jobId).orElseThrow();
        threadPolicy.applyToCurrentThread();
        metrics.started(jobId, job.modelName());
        TrainingJobState outcome = TrainingJobState.FAILED;
        try {
            outcome = train(job);
        } catch (JobNoLongerRunningException e) {
            log.warn("Training job {}: {}", jobId, e.getMessage());
        } catch (TrainingDivergedException | TrainingOutOfMemoryException | DatasetUnavailableException | BadRequestException
                 | NotFoundException | BrokenModelException | ModelOverLimitsException e) {
            fail(jobId, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("Training job {} failed", jobId, e);
            fail(jobId, "unexpected error: " + e);
        } finally {
            live.remove(jobId);
            metrics.stopped(jobId);
            events.complete(jobId, jobs.find(jobId).map(j -> j.state().name()).orElse(outcome.name()));
        }
    }

    private TrainingJobState train(TrainingJob job) {
        TrainingRun run = runs.load(job);
        LiveJobs.Live state = live.register(job.id(), run.train().examples());
        if (jobs.cancelRequested(job.id())) { // asked while the run was loading, before this node could be told
            state.cancel().set(true);
        }
        TrainingOutcome outcome = fit(job, run, state);
        if (outcome.status() == TrainingOutcome.Status.CANCELLED) {
            if (state.shutdown().get() && !state.cancel().get()) {
                return recovery.interruptedByShutdown(job.id());
            }
            if (run.plan().keepPartialModelOnCancel()) {
                publisher.publish(job, run.model(), run.plan(), outcome.network(), run.classNames(), run.test(), TrainingJobState.CANCELLED,
                        "cancelled on request; partial model kept");
            } else {
                jobs.finish(job.id(), TrainingJobState.CANCELLED, null, "cancelled on request", clock.instant());
            }
            checkpoints.delete(job.id());
            return TrainingJobState.CANCELLED;
        }
        publisher.publish(job, run.model(), run.plan(), outcome.network(), run.classNames(), run.test(), TrainingJobState.SUCCEEDED,
                outcome.status() == TrainingOutcome.Status.STOPPED_EARLY ? "stopped early: no improvement" : null);
        checkpoints.delete(job.id());
        return TrainingJobState.SUCCEEDED;
    }

    /** Trains from the job's checkpoint when it has a readable one, else from its model's weights. */
    private TrainingOutcome fit(TrainingJob job, TrainingRun run, LiveJobs.Live state) {
        CompiledNetwork checkpoint = checkpoints.load(job, run.plan().architecture());
        TrainingObserver observer = observers.observe(job, run.plan(), state, checkpoint != null);
        TrainingSettings settings = run.plan().settings();
        if (checkpoint == null) {
            return trainer.train(networks.load(job.modelId()), settings, run.train(), run.validation(), observer);
        }
        log.info("Resuming training job {} from the checkpoint of epoch {}", job.id(), ClientEpochs.number(job.checkpointEpoch()));
        return trainer.resume(checkpoint, settings.startingAt(job.checkpointEpoch() + 1), run.train(), run.validation(),
                observer);
    }

    private void fail(UUID jobId, String reason) {
        jobs.finish(jobId, TrainingJobState.FAILED, null, reason, clock.instant());
    }
}
