package dev.convnet.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.ObjectMapper;

/** An experiment's snapshot as the API shows it. */
final class ExperimentViews {

    private ExperimentViews() {
    }

    static ExperimentView of(ExperimentSnapshot snapshot, ObjectMapper json) {
        StoredExperiment e = snapshot.experiment();
        List<ExperimentView.VariantView> variants = new ArrayList<>();
        for (StoredExperiment.Variant variant : snapshot.variants()) {
            List<ExperimentView.RunView> runs = snapshot.runs().stream()
                    .filter(run -> run.run().variant() == variant.position())
                    .map(run -> new ExperimentView.RunView(run.run().seed(), run.run().jobId(), run.state(), run.run().error(),
                            run.run().retries()))
                    .toList();
            variants.add(new ExperimentView.VariantView(variant.name(), json.readTree(variant.patchJson()), runs));
        }
        return new ExperimentView(e.id(), e.name(), e.state(), e.baseline(), e.maxParallelRuns(), e.deadline(),
                progress(snapshot), variants, e.error(), e.submittedBy(), e.createdAt(), e.finishedAt(),
                json.readTree(e.requestJson()));
    }

    static ExperimentView.Progress progress(ExperimentSnapshot snapshot) {
        Map<String, Long> byState = snapshot.runs().stream()
                .collect(Collectors.groupingBy(ExperimentSnapshot.RunSnapshot::state, Collectors.counting()));
        Function<String, Integer> count = state -> byState.getOrDefault(state, 0L).intValue();
        return new ExperimentView.Progress(snapshot.runs().size(), count.apply("PENDING"), count.apply("QUEUED"),
                count.apply("RUNNING"), count.apply("SUCCEEDED"), count.apply("FAILED") + count.apply("MISSING"),
                count.apply("CANCELLED"), count.apply("SKIPPED"));
    }
}
