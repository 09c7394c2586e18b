package dev.convnet.experiment;

import dev.convnet.common.NotFoundException;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.EvaluationReport;
import dev.convnet.evaluation.EvaluationStore;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.training.TrainingJobView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * An experiment's results from its runs' jobs: the test evaluation stored with each trained model, the jobs'
 * timing and per-epoch history, and the model's parameter count.
 */
@Component
class ResultsCalculator {

    private final EvaluationStore evaluations;
    private final ModelDefinitionService models;
    private final ObjectMapper json;

    ResultsCalculator(EvaluationStore evaluations, ModelDefinitionService models, ObjectMapper json) {
        this.evaluations = evaluations;
        this.models = models;
        this.json = json;
    }

    ExperimentResults results(ExperimentSnapshot snapshot) {
        StoredExperiment experiment = snapshot.experiment();
        List<ExperimentResults.VariantResult> unranked = new ArrayList<>();
        for (StoredExperiment.Variant variant : snapshot.variants()) {
            List<ExperimentResults.RunResult> runs = snapshot.runs().stream()
                    .filter(run -> run.run().variant() == variant.position()).map(this::run).toList();
            unranked.add(variant(variant.name(), variant.name().equals(experiment.baseline()), runs,
                    parameters(snapshot, variant.position())));
        }
        ExperimentResults.VariantResult baseline = unranked.stream().filter(ExperimentResults.VariantResult::baseline)
                .findFirst().orElseThrow();
        List<ExperimentResults.VariantResult> compared = unranked.stream()
                .sorted(Comparator.comparing((ExperimentResults.VariantResult v) -> v.testAccuracy() == null ? -1 : v.testAccuracy().mean())
                        .reversed())
                .toList();
        List<ExperimentResults.VariantResult> ranked = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            ExperimentResults.VariantResult v = compared.get(i);
            boolean isBaseline = v.baseline();
            // Welch's t: the variants' spreads over seeds need not be equal.
            ranked.add(new ExperimentResults.VariantResult(i + 1, v.name(), isBaseline, v.runs(), v.succeededRuns(),
                    v.parameters(), v.testAccuracy(), v.testLoss(), v.trainingSeconds(), v.imagesPerSecond(),
                    isBaseline ? null : Statistics.welch(values(v, ExperimentResults.RunResult::testAccuracy),
                            values(baseline, ExperimentResults.RunResult::testAccuracy)),
                    isBaseline ? null : Statistics.welch(values(v, ExperimentResults.RunResult::testLoss),
                            values(baseline, ExperimentResults.RunResult::testLoss)),
                    v.runDetails()));
        }
        String dataset = json.readTree(snapshot.variants().get(0).jobJson()).path("dataset").asString();
        return new ExperimentResults(experiment.id(), experiment.name(), experiment.state(), experiment.baseline(), dataset,
                ranked, Findings.sentences(ranked));
    }

    private static ExperimentResults.VariantResult variant(String name, boolean baseline, List<ExperimentResults.RunResult> runs,
                                                           Long parameters) {
        int succeeded = (int) runs.stream().filter(r -> "SUCCEEDED".equals(r.state())).count();
        return new ExperimentResults.VariantResult(0, name, baseline, runs.size(), succeeded, parameters,
                Statistics.summary(values(runs, ExperimentResults.RunResult::testAccuracy)),
                Statistics.summary(values(runs, ExperimentResults.RunResult::testLoss)),
                Statistics.summary(values(runs, ExperimentResults.RunResult::trainingSeconds)),
                Statistics.summary(values(runs, ExperimentResults.RunResult::imagesPerSecond)), null, null, runs);
    }

    private static List<Double> values(ExperimentResults.VariantResult variant, Function<ExperimentResults.RunResult, Double> metric) {
        return values(variant.runDetails(), metric);
    }

    /** The metric of the successful runs. */
    private static List<Double> values(List<ExperimentResults.RunResult> runs, Function<ExperimentResults.RunResult, Double> metric) {
        return runs.stream().filter(r -> "SUCCEEDED".equals(r.state())).map(metric).filter(Objects::nonNull).toList();
    }

    private ExperimentResults.RunResult run(ExperimentSnapshot.RunSnapshot run) {
        TrainingJobView job = run.job();
        if (job == null) {
            return new ExperimentResults.RunResult(run.run().seed(), run.run().jobId(), run.state(), null, null, null, null,
                    null, List.of(), List.of());
        }
        List<EpochResult> history = job.history();
        Optional<EvaluationReport> test = job.resultModelId() == null ? Optional.empty()
                : evaluations.latestReport(job.resultModelId());
        EpochResult last = history.isEmpty() ? null : history.get(history.size() - 1);
        Double accuracy = test.map(EvaluationReport::accuracy).orElse(last == null ? null : last.validationAccuracy());
        Double loss = test.map(EvaluationReport::loss).orElse(last == null ? null : last.validationLoss());
        boolean succeeded = run.succeeded();
        Double speed = history.isEmpty() ? null : history.stream().mapToDouble(EpochResult::examplesPerSecond).average().orElse(0);
        return new ExperimentResults.RunResult(run.run().seed(), job.id(), run.state(), job.resultModelId(),
                succeeded ? accuracy : null, succeeded ? loss : null, job.elapsedSeconds(), speed,
                history.stream().map(EpochResult::validationAccuracy).toList(),
                history.stream().map(EpochResult::validationLoss).toList());
    }

    /** Parameters of the model the variant's first queued job trains (all its runs train the same definition). */
    private Long parameters(ExperimentSnapshot snapshot, int variant) {
        return snapshot.runs().stream().filter(run -> run.run().variant() == variant && run.job() != null).findFirst()
                .map(run -> {
                    try {
                        return models.get(run.job().modelId()).architecture().totalParams();
                    } catch (NotFoundException e) { // the model was deleted since
                        return null;
                    }
                }).orElse(null);
    }
}
