package dev.convnet.experiment;

import dev.convnet.common.BadRequestException;
import dev.convnet.training.JobFinishedException;
import dev.convnet.training.TrainingJobService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/** Creating, reading, cancelling and deleting experiments; their runs are queued by the {@link ExperimentReconciler}. */
@Service
class ExperimentService {

    static final int DEFAULT_SEEDS = 3;

    private final ExperimentRepository experiments;
    private final ExperimentSnapshots snapshots;
    private final VariantValidator validator;
    private final DatasetFitting fitting;
    private final TrainingJobService jobs;
    private final ExperimentProperties properties;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;

    ExperimentService(ExperimentRepository experiments, ExperimentSnapshots snapshots, VariantValidator validator,
                      DatasetFitting fitting, TrainingJobService jobs, ExperimentProperties properties,
                      TransactionTemplate transactions, ObjectMapper json, Clock clock) {
        this.experiments = experiments;
        this.snapshots = snapshots;
        this.validator = validator;
        this.fitting = fitting;
        this.jobs = jobs;
        this.properties = properties;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Checks every variant's job before anything is stored, then stores the experiment with all its runs waiting.
     * {@code dataset}, if given, replaces the base job's ({@link DatasetFitting}).
     */
    ExperimentView create(ExperimentRequest posted, String dataset, String submittedBy) {
        if (posted == null) {
            throw new BadRequestException("/", "the body must be an experiment");
        }
        ExperimentRequest request = DatasetFitting.onDataset(posted, dataset);
        List<PlannedVariant> variants = fitting.withInputShapes(VariantExpansion.expand(request, properties.maxVariants()));
        int seeds = request.seeds() == null ? DEFAULT_SEEDS : request.seeds();
        if (seeds < 1 || seeds > properties.maxSeeds()) {
            throw new BadRequestException("/seeds", "seeds must be in [1, " + properties.maxSeeds() + "], got " + seeds);
        }
        if (variants.size() * seeds > properties.maxRuns()) {
            throw new BadRequestException("/seeds", variants.size() + " variants x " + seeds + " seeds is over the "
                    + properties.maxRuns() + " runs an experiment may have (convnet.experiments.max-runs)");
        }
        int parallel = request.maxParallelRuns() == null ? 1 : request.maxParallelRuns();
        if (parallel < 1 || parallel > properties.maxRuns()) {
            throw new BadRequestException("/maxParallelRuns", "maxParallelRuns must be in [1, " + properties.maxRuns()
                    + "], got " + parallel);
        }
        String baseline = baseline(request.baseline(), variants);
        ExperimentRequest.Budget budget = request.budget();
        if (budget != null && budget.maxEpochsPerRun() != null && budget.maxEpochsPerRun() < 1) {
            throw new BadRequestException("/budget/maxEpochsPerRun", "maxEpochsPerRun must be 1 or more, got " + budget.maxEpochsPerRun());
        }
        if (budget != null && budget.maxWallTime() != null && (budget.maxWallTime().isNegative() || budget.maxWallTime().isZero())) {
            throw new BadRequestException("/budget/maxWallTime", "maxWallTime must be positive, got " + budget.maxWallTime());
        }
        for (PlannedVariant variant : variants) {
            validator.check(variant, budget == null ? null : budget.maxEpochsPerRun());
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        String name = request.name() == null || request.name().isBlank() ? "experiment " + id : request.name();
        Instant deadline = budget == null || budget.maxWallTime() == null ? null : now.plus(budget.maxWallTime());
        StoredExperiment experiment = new StoredExperiment(id, name, ExperimentState.RUNNING, json.writeValueAsString(request),
                baseline, parallel, deadline, submittedBy, null, now, null);
        List<StoredExperiment.Variant> rows = new ArrayList<>();
        List<StoredExperiment.Run> runs = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            PlannedVariant variant = variants.get(v);
            rows.add(new StoredExperiment.Variant(v, variant.name(), json.writeValueAsString(variant.patch()),
                    json.writeValueAsString(variant.job())));
        }
        // Seed by seed, so that with few parallel runs every variant has its first result early.
        long firstSeed = request.base().path("seed").canConvertToLong() ? request.base().path("seed").longValue() : 1L;
        for (int s = 0; s < seeds; s++) {
            for (int v = 0; v < variants.size(); v++) {
                runs.add(new StoredExperiment.Run(runs.size(), v, firstSeed + s, null, null, 0));
            }
        }
        transactions.executeWithoutResult(status -> experiments.insert(experiment, rows, runs));
        return get(id);
    }

    private static String baseline(String requested, List<PlannedVariant> variants) {
        if (requested == null) {
            return variants.get(0).name();
        }
        if (variants.stream().noneMatch(v -> v.name().equals(requested))) {
            throw new BadRequestException("/baseline", "baseline '" + requested + "' is not a variant; one of: "
                    + String.join(", ", variants.stream().map(PlannedVariant::name).toList()));
        }
        return requested;
    }

    ExperimentView get(UUID id) {
        return ExperimentViews.of(snapshots.of(id), json);
    }

    List<ExperimentView> list(int limit) {
        return experiments.findAll(limit).stream().map(e -> ExperimentViews.of(snapshots.of(e), json)).toList();
    }

    /** Skips the runs not queued yet and cancels the queued and running ones. */
    ExperimentView cancel(UUID id) {
        StoredExperiment experiment = snapshots.find(id);
        if (experiment.state().finished()) {
            throw new ExperimentFinishedException(id, experiment.state());
        }
        experiments.skipWaitingRuns(id, "the experiment was cancelled");
        experiments.finish(id, ExperimentState.CANCELLED, "cancelled", clock.instant());
        cancelActiveJobs(snapshots.of(id));
        return get(id);
    }

    void cancelActiveJobs(ExperimentSnapshot snapshot) {
        for (ExperimentSnapshot.RunSnapshot run : snapshot.runs()) {
            if (run.active()) {
                try {
                    jobs.cancel(run.job().id());
                } catch (JobFinishedException e) { // it ended meanwhile: nothing to stop
                }
            }
        }
    }

    /** Deletes an ended experiment; its jobs and trained models stay. */
    void delete(UUID id) {
        StoredExperiment experiment = snapshots.find(id);
        if (!experiment.state().finished() || !experiments.deleteFinished(id)) {
            throw new ExperimentRunningException(id);
        }
    }
}
