package dev.convnet.training;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.NotFoundException;
import dev.convnet.dataset.DatasetCatalog;
import dev.convnet.dataset.DatasetSplits;
import dev.convnet.dataset.DatasetUnavailableException;
import dev.convnet.dataset.ImageSet;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.EvaluationReport;
import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.engine.fit.NetworkEvaluator;
import dev.convnet.engine.fit.NetworkTrainer;
import dev.convnet.engine.fit.TrainingDivergedException;
import dev.convnet.engine.fit.TrainingObserver;
import dev.convnet.engine.fit.TrainingOutOfMemoryException;
import dev.convnet.engine.fit.TrainingOutcome;
import dev.convnet.engine.fit.TrainingSettings;
import dev.convnet.evaluation.EvaluationStore;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.models.ModelOverLimitsException;
import dev.convnet.store.BrokenModelException;
import dev.convnet.store.ModelNetworks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one training job on this node, as the job engine's task: claims it, trains, checkpoints, evaluates,
 * stores the trained model with its lineage, and records the outcome. Every way out of a run ends the job in
 * a final state (or back in the queue to resume from a checkpoint): no job stays RUNNING. The trained model,
 * its weights, its evaluation and the job's final state commit in one transaction: a job is SUCCEEDED with
 * exactly one model, or not at all.
 */
@Component
class TrainingJobRunner {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobRunner.class);
    private static final long DB_PROGRESS_NANOS = 2_000_000_000L;
    static final String NORMALIZATION = "divide-by-255";

    private final TrainingJobRepository jobs;
    private final TrainingPlanner planner;
    private final ModelDefinitionService definitions;
    private final ModelNetworks networks;
    private final DatasetCatalog datasets;
    private final NetworkTrainer trainer;
    private final NetworkEvaluator evaluator;
    private final EvaluationStore evaluations;
    private final TrainingMetrics metrics;
    private final TrainingEvents events;
    private final LiveJobs live;
    private final ObjectMapper json;
    private final Clock clock;
    private final String node;
    private final CheckpointStore checkpoints;
    private final JobQueue queue;
    private final TransactionTemplate transactions;
    private final TrainingThreadPolicy threadPolicy;

    TrainingJobRunner(TrainingJobRepository jobs, TrainingPlanner planner, ModelDefinitionService definitions,
                      ModelNetworks networks, DatasetCatalog datasets, NetworkTrainer trainer, NetworkEvaluator evaluator,
                      EvaluationStore evaluations, TrainingMetrics metrics, TrainingEvents events, LiveJobs live,
                      ObjectMapper json, Clock clock, TrainingProperties properties, CheckpointStore checkpoints,
                      JobQueue queue, TransactionTemplate transactions, TrainingThreadPolicy threadPolicy) {
        this.checkpoints = checkpoints;
        this.queue = queue;
        this.transactions = transactions;
        this.threadPolicy = threadPolicy;
        this.jobs = jobs;
        this.planner = planner;
        this.definitions = definitions;
        this.networks = networks;
        this.datasets = datasets;
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.evaluations = evaluations;
        this.metrics = metrics;
        this.events = events;
        this.live = live;
        this.json = json;
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
            finish(jobId, TrainingJobState.FAILED, null, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("Training job {} failed", jobId, e);
            finish(jobId, TrainingJobState.FAILED, null, "unexpected error: " + e);
        } finally {
            live.remove(jobId);
            metrics.finished(jobId, outcome);
            events.complete(jobId, jobs.find(jobId).map(j -> j.state().name()).orElse(outcome.name()));
        }
    }

    private TrainingJobState train(TrainingJob job) {
        TrainingJobRequest request = json.readValue(job.requestJson(), TrainingJobRequest.class);
        ModelEntry model = definitions.get(job.modelId());
        TrainingPlan plan = planner.plan(request, model, request.seed());
        DatasetSplits splits = datasets.load(plan.dataset());
        ImageSet[] trainAndValidation = trainAndValidation(splits, plan);
        TrainingSettings settings = plan.settings();
        EpochData train = new ImageSetEpochData(trainAndValidation[0], settings.batchSize(), plan.shuffle(), settings.seed(),
                plan.augmentation());
        EpochData validation = trainAndValidation[1] == null ? null
                : new ImageSetEpochData(trainAndValidation[1], settings.batchSize(), false, 0, null);

        LiveJobs.Live state = live.register(job.id(), train.examples());
        CompiledNetwork checkpoint = checkpoints.load(job, plan.architecture());
        List<EpochResult> history = new ArrayList<>(checkpoint == null ? List.of() : historyUpTo(job, job.checkpointEpoch()));
        Observer observer = new Observer(job, plan, state, history);
        TrainingOutcome outcome;
        if (checkpoint != null) {
            TrainingSettings resumed = new TrainingSettings(settings.epochs(), settings.batchSize(), settings.optimizer(),
                    settings.schedule(), settings.seed(), job.checkpointEpoch() + 1, settings.earlyStoppingPatience(),
                    settings.earlyStoppingMinDelta(), settings.progressEveryIterations());
            log.info("Resuming training job {} from the checkpoint of epoch {}", job.id(), job.checkpointEpoch() + 1);
            outcome = trainer.resume(checkpoint, resumed, train, validation, observer);
        } else {
            outcome = trainer.train(networks.load(job.modelId()), settings, train, validation, observer);
        }

        if (outcome.status() == TrainingOutcome.Status.CANCELLED) {
            if (state.shutdown().get() && !state.cancel().get()) {
                return interruptedByShutdown(job);
            }
            if (plan.keepPartialModelOnCancel()) {
                storeModel(job, model, plan, outcome.network(), splits, TrainingJobState.CANCELLED,
                        "cancelled on request; partial model kept");
            } else {
                finish(job.id(), TrainingJobState.CANCELLED, null, "cancelled on request");
            }
            checkpoints.delete(job.id());
            return TrainingJobState.CANCELLED;
        }
        storeModel(job, model, plan, outcome.network(), splits, TrainingJobState.SUCCEEDED,
                outcome.status() == TrainingOutcome.Status.STOPPED_EARLY ? "stopped early: no improvement" : null);
        checkpoints.delete(job.id());
        return TrainingJobState.SUCCEEDED;
    }

    /** The node is going down: resume later from the last checkpoint, on this or another node, or fail saying why. */
    private TrainingJobState interruptedByShutdown(TrainingJob job) {
        TrainingJob current = jobs.find(job.id()).orElseThrow();
        if (current.checkpointFile() != null) {
            transactions.executeWithoutResult(status -> {
                if (jobs.requeue(job.id(), "interrupted by the shutdown of node " + node + "; resumes from the checkpoint of epoch "
                        + (current.checkpointEpoch() + 1), clock.instant())) {
                    queue.enqueue(job.id(), clock.instant());
                }
            });
            return TrainingJobState.QUEUED;
        }
        finish(job.id(), TrainingJobState.FAILED, null, "interrupted by the shutdown of node " + node + " before its first checkpoint");
        return TrainingJobState.FAILED;
    }

    private ImageSet[] trainAndValidation(DatasetSplits splits, TrainingPlan plan) {
        return switch (plan.validationMode()) {
            case TEST -> new ImageSet[] {splits.train(), splits.test()};
            case NONE -> new ImageSet[] {splits.train(), null};
            case SPLIT -> {
                // Keras's validation_split takes the last fraction of the data, before shuffling.
                int count = splits.train().count();
                int held = Math.max(1, (int) Math.round(count * plan.validationFraction()));
                int[] trainIndices = java.util.stream.IntStream.range(0, count - held).toArray();
                int[] validationIndices = java.util.stream.IntStream.range(count - held, count).toArray();
                yield new ImageSet[] {splits.train().subset(trainIndices), splits.train().subset(validationIndices)};
            }
        };
    }

    /**
     * Evaluates the trained network, then publishes it: its weights file first, then in one transaction the
     * model row, the row naming the file, the evaluation and the job's final state. Undone as a whole if the job
     * is not running any more.
     */
    private void storeModel(TrainingJob job, ModelEntry parent, TrainingPlan plan, CompiledNetwork network, DatasetSplits splits,
                            TrainingJobState state, String reason) {
        Lineage lineage = new Lineage(parent.model().id(), job.id(), plan.dataset(), splits.train().classNames(), NORMALIZATION);
        EvaluationReport report = splits.test().count() == 0 ? null : evaluator.evaluate(network,
                new ImageSetEpochData(splits.test(), plan.evaluationBatchSize(), false, 0, null), splits.test().classNames(), 5);
        networks.create(network, id -> {
            definitions.createTrained(id, parent, lineage);
            if (report != null) {
                evaluations.save(id, plan.dataset(), "test", report);
            }
            if (!jobs.finish(job.id(), state, id, reason, clock.instant())) {
                throw new JobNoLongerRunningException(job.id());
            }
            return id;
        });
    }

    /** The history rows up to and including {@code lastEpoch}: the ones a resumed run keeps. */
    private List<EpochResult> historyUpTo(TrainingJob job, int lastEpoch) {
        if (job.historyJson() == null) {
            return List.of();
        }
        return java.util.Arrays.stream(json.readValue(job.historyJson(), EpochResult[].class))
                .filter(row -> row.epoch() <= lastEpoch).toList();
    }

    private void finish(UUID jobId, TrainingJobState state, UUID resultModel, String reason) {
        jobs.finish(jobId, state, resultModel, reason, clock.instant());
    }

    /** Bridges engine callbacks to progress in memory, the job table, metrics and events. */
    private final class Observer implements TrainingObserver {

        private final TrainingJob job;
        private final TrainingPlan plan;
        private final LiveJobs.Live state;
        private final List<EpochResult> history;
        private long lastDbWrite = System.nanoTime();

        Observer(TrainingJob job, TrainingPlan plan, LiveJobs.Live state, List<EpochResult> history) {
            this.job = job;
            this.plan = plan;
            this.state = state;
            this.history = history;
        }

        @Override
        public void onIteration(IterationProgress progress) {
            state.progress().set(progress);
            metrics.iteration(job.id(), progress);
            events.publish(job.id(), "iteration", progress);
            long now = System.nanoTime();
            if (now - lastDbWrite >= DB_PROGRESS_NANOS) {
                lastDbWrite = now;
                jobs.progress(job.id(), progress.epoch(), progress.iteration(), progress.examplesPerSecond(),
                        progress.loss(), progress.accuracy(), clock.instant());
                if (jobs.cancelRequested(job.id())) {
                    state.cancel().set(true); // asked on another node
                }
            }
        }

        @Override
        public void onEpoch(EpochResult result, CompiledNetwork network) {
            // One row per epoch number: an epoch trained again (after a resume) replaces its row and the later ones.
            history.removeIf(row -> row.epoch() >= result.epoch());
            history.add(result);
            jobs.history(job.id(), json.writeValueAsString(history), clock.instant());
            metrics.epoch(job.modelName(), result);
            events.publish(job.id(), "epoch", result);
            boolean last = result.epoch() + 1 >= plan.settings().epochs();
            if (!last && plan.checkpointEveryEpochs() > 0 && (result.epoch() + 1) % plan.checkpointEveryEpochs() == 0) {
                checkpoints.write(job.id(), result.epoch(), network);
            }
        }

        @Override
        public boolean cancelRequested() {
            return state.cancel().get() || state.shutdown().get();
        }
    }
}
