package dev.convnet.training;

import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.fit.EvaluationReport;
import dev.convnet.engine.fit.NetworkEvaluator;
import dev.convnet.evaluation.EvaluationStore;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.store.StoredNetworks;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Evaluates a trained network, then publishes it: its weights file first, then in one transaction the model row,
 * the row naming the file, the evaluation and the job's final state. Undone as a whole if the job is not running
 * any more, so a job ends with exactly one model or none.
 */
@Component
class TrainedModelPublisher {

    private static final String NORMALIZATION = "divide-by-255";
    private static final int TOP_K = 5;

    private final StoredNetworks networks;
    private final ModelDefinitionService definitions;
    private final NetworkEvaluator evaluator;
    private final EvaluationStore evaluations;
    private final TrainingJobRepository jobs;
    private final Clock clock;

    TrainedModelPublisher(StoredNetworks networks, ModelDefinitionService definitions, NetworkEvaluator evaluator,
                          EvaluationStore evaluations, TrainingJobRepository jobs, Clock clock) {
        this.networks = networks;
        this.definitions = definitions;
        this.evaluator = evaluator;
        this.evaluations = evaluations;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Publishes {@code network}, trained from {@code parent}, as the result of the job, which ends in {@code state}. */
    void publish(TrainingJob job, ModelEntry parent, TrainingPlan plan, CompiledNetwork network, List<String> classNames,
                 EpochData test, TrainingJobState state, String reason) {
        Lineage lineage = Lineage.training(parent.model().id(), job.id(), plan.dataset(), classNames, NORMALIZATION);
        EvaluationReport report = test == null ? null : evaluator.evaluate(network, test, classNames, TOP_K);
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
}
