package dev.convnet.experiment;

import dev.convnet.training.TrainingJobRequest;
import dev.convnet.training.TrainingJobService;
import dev.convnet.training.TrainingJobView;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries running experiments on from what the database says, on every node, every
 * convnet.experiments.reconcile-interval: queues waiting runs up to the experiment's parallelism, queues again a run
 * whose job was lost with its node (convnet.experiments.max-run-retries), enforces the wall-time budget, and ends the
 * experiment once every run ended. Nothing lives only in memory, so a restarted node (or another one) picks up where
 * the last left off.
 */
@Component
class ExperimentReconciler {

    private static final Logger log = LoggerFactory.getLogger(ExperimentReconciler.class);

    private final ExperimentRepository experiments;
    private final ExperimentSnapshots snapshots;
    private final ExperimentService service;
    private final ExperimentEvents events;
    private final VariantValidator validator;
    private final TrainingJobService jobs;
    private final ExperimentProperties properties;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;

    ExperimentReconciler(ExperimentRepository experiments, ExperimentSnapshots snapshots, ExperimentService service,
                         ExperimentEvents events, VariantValidator validator, TrainingJobService jobs,
                         ExperimentProperties properties, TransactionTemplate transactions, ObjectMapper json, Clock clock) {
        this.experiments = experiments;
        this.snapshots = snapshots;
        this.service = service;
        this.events = events;
        this.validator = validator;
        this.jobs = jobs;
        this.properties = properties;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    void reconcileAll() {
        Set<UUID> running = experiments.findRunning().stream().map(experiment -> {
            try {
                reconcile(experiment);
            } catch (RuntimeException e) { // one broken experiment must not stop the others
                log.warn("Could not reconcile experiment {}: {}", experiment.id(), e.toString());
            }
            return experiment.id();
        }).collect(Collectors.toSet());
        // Streams of experiments that another node ended, or that ended above.
        for (UUID id : events.subscribed()) {
            experiments.find(id).filter(e -> e.state().finished() || !running.contains(id))
                    .ifPresent(e -> events.complete(id, service.get(id)));
        }
    }

    void reconcile(StoredExperiment experiment) {
        ExperimentSnapshot snapshot = snapshots.of(experiment);
        Instant now = clock.instant();
        boolean timedOut = experiment.deadline() != null && now.isAfter(experiment.deadline());
        if (!timedOut && retryLostRuns(snapshot)) {
            snapshot = snapshots.of(experiment);
        }
        events.observe(snapshot);
        if (timedOut) {
            experiments.skipWaitingRuns(experiment.id(), "not run: the experiment's wall-time budget ran out");
            if (experiments.finish(experiment.id(), ExperimentState.TIMED_OUT, "the wall-time budget ran out at "
                    + experiment.deadline(), now)) {
                service.cancelActiveJobs(snapshots.of(experiment));
            }
            return;
        }
        long active = snapshot.count(ExperimentSnapshot.RunSnapshot::active);
        boolean queued = false;
        for (ExperimentSnapshot.RunSnapshot run : snapshot.runs()) {
            if (active >= experiment.maxParallelRuns()) {
                break;
            }
            if (run.run().waiting()) {
                Outcome outcome = queue(experiment, snapshot.variants().get(run.run().variant()), run.run());
                if (outcome == Outcome.QUOTA_FULL) {
                    break;
                }
                active += outcome == Outcome.QUEUED ? 1 : 0;
                queued = true;
            }
        }
        if (queued) {
            snapshot = snapshots.of(experiment);
            events.observe(snapshot);
        }
        if (snapshot.runs().stream().allMatch(ExperimentSnapshot.RunSnapshot::ended)) {
            finish(snapshot, now);
        }
    }

    /**
     * A run whose job failed only because its node went away before a checkpoint waits for a new job again, while it
     * has retries left: a crash must not cost a variant its result. True if any such run was seen, whoever retried it:
     * the snapshot is then stale, and must not be taken for a run that ended.
     */
    private boolean retryLostRuns(ExperimentSnapshot snapshot) {
        boolean seen = false;
        for (ExperimentSnapshot.RunSnapshot run : snapshot.runs()) {
            if (run.job() != null && run.job().lostWithItsNode() && run.run().retries() < properties.maxRunRetries()) {
                seen = true;
                if (experiments.retryRun(snapshot.experiment().id(), run.run().position(), run.job().id())) {
                    log.warn("Experiment {}: run {} ({}, seed {}) lost its job {} ({}); queueing it again, retry {} of {}",
                            snapshot.experiment().id(), run.run().position(), run.variant(), run.run().seed(), run.job().id(),
                            run.job().error(), run.run().retries() + 1, properties.maxRunRetries());
                }
            }
        }
        return seen;
    }

    private enum Outcome { QUEUED, QUOTA_FULL, FAILED }

    private Outcome queue(StoredExperiment experiment, StoredExperiment.Variant variant, StoredExperiment.Run run) {
        try {
            ObjectNode job = (ObjectNode) json.readTree(variant.jobJson());
            job.put("seed", run.seed());
            TrainingJobRequest request = validator.bind(variant.name(), job);
            transactions.executeWithoutResult(status -> {
                TrainingJobView submitted = jobs.submit(request, experiment.submittedBy());
                if (!experiments.claimRun(experiment.id(), run.position(), submitted.id())) {
                    status.setRollbackOnly(); // another node queued this run first
                }
            });
            return Outcome.QUEUED;
        } catch (ErrorResponseException e) {
            if (e.getStatusCode().value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
                return Outcome.QUOTA_FULL; // the submitter's job quota is full: try again once a job ended
            }
            return failed(experiment, run, e.getBody().getDetail());
        } catch (RuntimeException e) { // the model or dataset changed since the experiment was checked
            return failed(experiment, run, e.getMessage());
        }
    }

    private Outcome failed(StoredExperiment experiment, StoredExperiment.Run run, String reason) {
        log.warn("Experiment {}: run {} could not be queued: {}", experiment.id(), run.position(), reason);
        experiments.failRun(experiment.id(), run.position(), "could not be queued: " + reason);
        return Outcome.FAILED;
    }

    private void finish(ExperimentSnapshot snapshot, Instant now) {
        StoredExperiment experiment = snapshot.experiment();
        Set<String> withResult = snapshot.runs().stream().filter(ExperimentSnapshot.RunSnapshot::succeeded)
                .map(ExperimentSnapshot.RunSnapshot::variant).collect(Collectors.toSet());
        long failedRuns = snapshot.count(run -> !run.succeeded());
        String error = failedRuns == 0 ? null : failedRuns + " of " + snapshot.runs().size() + " runs did not succeed";
        boolean everyVariant = snapshot.variants().stream().allMatch(v -> withResult.contains(v.name()));
        experiments.finish(experiment.id(), everyVariant ? ExperimentState.SUCCEEDED : ExperimentState.FAILED, error, now);
    }
}
