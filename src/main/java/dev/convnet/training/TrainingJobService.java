package dev.convnet.training;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.NotFoundException;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.PresetCatalog;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.ratelimit.JobQuota;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/** Submitting, reading and cancelling training jobs. */
@Service
public class TrainingJobService {

    private final TrainingJobRepository jobs;
    private final TrainingPlanner planner;
    private final ModelDefinitionService definitions;
    private final PresetCatalog presets;
    private final JobQueue queue;
    private final TransactionTemplate transactions;
    private final LiveJobs live;
    private final ObjectMapper json;
    private final Clock clock;
    private final JobQuota quota;

    TrainingJobService(TrainingJobRepository jobs, TrainingPlanner planner, ModelDefinitionService definitions,
                       PresetCatalog presets, JobQueue queue, TransactionTemplate transactions, LiveJobs live,
                       ObjectMapper json, Clock clock, JobQuota quota) {
        this.jobs = jobs;
        this.planner = planner;
        this.definitions = definitions;
        this.presets = presets;
        this.queue = queue;
        this.transactions = transactions;
        this.live = live;
        this.json = json;
        this.clock = clock;
        this.quota = quota;
    }

    /**
     * Validates the whole job against model and dataset before anything is stored, then queues it: the model
     * made for it, the job row and the job engine's execution commit together, before the answer. The submitter's
     * quota of active jobs is counted in the same transaction, from the job table, so that it holds across nodes.
     */
    public TrainingJobView submit(TrainingJobRequest request, String submittedBy) {
        if (request == null) {
            throw new BadRequestException("/", "the body must be a training job");
        }
        long seed = TrainingPlanner.seedOf(request);
        TrainingJobRequest withSeed = request.withSeed(seed);
        ModelEntry resolved = resolveModel(request.model());
        TrainingPlan plan = planner.plan(withSeed, resolved, seed);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        quota.exclusively(submittedBy, () -> transactions.executeWithoutResult(status -> {
            quota.checkOneMore(submittedBy, jobs.countActiveSubmittedBy(submittedBy));
            // A model made for this job starts from weights drawn with the job's seed: the whole run is reproducible.
            ModelEntry model = request.model().id() != null ? resolved : definitions.create(request.model().preset() != null
                    ? presets.find(request.model().preset()).orElseThrow().definition() : request.model().definition(), seed);
            jobs.insert(new TrainingJob(id, TrainingJobState.QUEUED, json.writeValueAsString(withSeed), model.model().id(),
                    model.model().name(), plan.dataset(), plan.settings().epochs(), null, null, null, null, null, null, null,
                    null, null, false, null, null, null, now, null, null, now, submittedBy));
            queue.enqueue(id, now);
        }));
        return get(id);
    }

    /** Checks a job against its model and dataset exactly as {@link #submit} does, storing and queueing nothing. */
    public void check(TrainingJobRequest request) {
        if (request == null) {
            throw new BadRequestException("/", "the body must be a training job");
        }
        planner.plan(request, resolveModel(request.model()), TrainingPlanner.seedOf(request));
    }

    public TrainingJobView get(UUID id) {
        return view(jobs.find(id).orElseThrow(() -> new NotFoundException("Training job", id.toString())));
    }

    public List<TrainingJobView> list(int limit) {
        return jobs.findAll(limit).stream().map(this::view).toList();
    }

    /** Stops a queued job at once and a running one within one batch (on whichever node runs it). */
    public TrainingJobView cancel(UUID id) {
        TrainingJob job = jobs.find(id).orElseThrow(() -> new NotFoundException("Training job", id.toString()));
        if (job.state().finished()) {
            throw new JobFinishedException(id, job.state());
        }
        jobs.requestCancel(id, clock.instant());
        live.find(id).ifPresent(state -> state.cancel().set(true));
        if (job.state() == TrainingJobState.QUEUED) {
            jobs.finish(id, TrainingJobState.CANCELLED, null, "cancelled before it started", clock.instant());
        }
        return get(id);
    }

    private ModelEntry resolveModel(TrainingJobRequest.ModelRef ref) {
        if (ref == null) {
            throw new BadRequestException("/model", "model is required: {\"id\": ...}, {\"preset\": ...} or {\"definition\": {...}}");
        }
        int given = (ref.id() != null ? 1 : 0) + (ref.preset() != null ? 1 : 0) + (ref.definition() != null ? 1 : 0);
        if (given != 1) {
            throw new BadRequestException("/model", "give exactly one of model.id, model.preset, model.definition");
        }
        if (ref.id() != null) {
            try {
                return definitions.getLoadable(ref.id());
            } catch (NotFoundException e) {
                throw new BadRequestException("/model/id", "model " + ref.id() + " does not exist");
            }
        }
        if (ref.preset() != null) {
            var preset = presets.find(ref.preset()).orElseThrow(() -> new BadRequestException("/model/preset",
                    "preset '" + ref.preset() + "' does not exist; one of: detector, lenet5, cifar10-cnn"));
            return transientEntry(preset.definition());
        }
        return transientEntry(ref.definition());
    }

    /** A definition checked but not stored yet: stored only once the whole job is valid. */
    private ModelEntry transientEntry(tools.jackson.databind.JsonNode document) {
        var parsed = definitions.parse(document);
        return new ModelEntry(null, parsed.document(), parsed.architecture());
    }

    private TrainingJobView view(TrainingJob job) {
        var local = job.state() == TrainingJobState.RUNNING ? live.find(job.id()) : java.util.Optional.<LiveJobs.Live>empty();
        IterationProgress progress = local.map(l -> l.progress().get()).orElse(null);
        Integer epoch = progress != null ? Integer.valueOf(ClientEpochs.number(progress.epoch()))
                : job.epoch() == null ? null : ClientEpochs.number(job.epoch());
        Integer iteration = progress != null ? Integer.valueOf(progress.iteration()) : job.iteration();
        Double speed = progress != null ? Double.valueOf(progress.examplesPerSecond()) : job.examplesPerSecond();
        Double loss = progress != null ? Double.valueOf(progress.loss()) : job.loss();
        Double accuracy = progress != null ? Double.valueOf(progress.accuracy()) : job.accuracy();
        Instant end = job.finishedAt() != null ? job.finishedAt() : clock.instant();
        Double elapsed = job.startedAt() == null ? null : Duration.between(job.startedAt(), end).toMillis() / 1000.0;
        Double remaining = null;
        if (progress != null && progress.examplesPerSecond() > 0) {
            long perEpoch = local.get().examplesPerEpoch();
            long left = (long) (job.epochs() - progress.epoch() - 1) * perEpoch + Math.max(0, perEpoch - progress.examplesSeen());
            remaining = left / progress.examplesPerSecond();
        } else if (job.state().finished()) {
            remaining = 0.0;
        }
        List<EpochResult> history = job.historyJson() == null ? List.of()
                : Arrays.stream(json.readValue(job.historyJson(), EpochResult[].class)).map(ClientEpochs::numbered).toList();
        return new TrainingJobView(job.id(), job.state(), job.modelId(), job.modelName(), job.dataset(), job.epochs(), epoch,
                iteration, speed, loss, accuracy, elapsed, remaining, history, job.resultModelId(), job.error(), job.node(),
                job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(), job.submittedBy(),
                json.readTree(job.requestJson()));
    }
}
