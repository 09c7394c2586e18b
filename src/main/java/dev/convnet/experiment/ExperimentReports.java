package dev.convnet.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/** An experiment's results as JSON data, Markdown and HTML; partial while it still runs. */
@Component
class ExperimentReports {

    private final ExperimentSnapshots snapshots;
    private final ResultsCalculator calculator;
    private final ObjectMapper json;

    ExperimentReports(ExperimentSnapshots snapshots, ResultsCalculator calculator, ObjectMapper json) {
        this.snapshots = snapshots;
        this.calculator = calculator;
        this.json = json;
    }

    ExperimentResults results(UUID id) {
        return calculator.results(snapshots.of(id));
    }

    String markdown(UUID id) {
        ExperimentSnapshot snapshot = snapshots.of(id);
        return MarkdownReport.render(calculator.results(snapshot), baseJob(snapshot), patches(snapshot));
    }

    String html(UUID id) {
        ExperimentSnapshot snapshot = snapshots.of(id);
        return HtmlReport.render(calculator.results(snapshot), baseJob(snapshot), patches(snapshot));
    }

    private String baseJob(ExperimentSnapshot snapshot) {
        return json.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json.readTree(snapshot.experiment().requestJson()).path("base"));
    }

    private static Map<String, String> patches(ExperimentSnapshot snapshot) {
        Map<String, String> patches = new LinkedHashMap<>();
        snapshot.variants().forEach(v -> patches.put(v.name(), v.patchJson()));
        return patches;
    }
}
