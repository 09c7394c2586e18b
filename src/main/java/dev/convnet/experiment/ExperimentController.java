package dev.convnet.experiment;

import dev.convnet.common.Callers;
import dev.convnet.common.ListLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/experiments")
@Tag(name = "Experiments", description = "Compare variants of a training job over several seeds; results and reports")
class ExperimentController {

    static final String MARKDOWN = "text/markdown;charset=UTF-8";
    static final String HTML = "text/html;charset=UTF-8";

    static final String VARIANTS_EXAMPLE = """
            {
              "name": "LeNet-5 on MNIST: optimizers",
              "base": {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 1, "batchSize": 128,
                       "optimizer": {"type": "sgd", "learningRate": 0.01}, "validation": {"mode": "test"}},
              "variants": [
                {"name": "sgd"},
                {"name": "sgd-momentum", "patch": {"optimizer": {"momentum": 0.9, "nesterov": true}}},
                {"name": "adam", "patch": {"optimizer": {"type": "adam", "learningRate": 0.001}}}
              ],
              "seeds": 3,
              "budget": {"maxEpochsPerRun": 5, "maxWallTime": "PT1H"},
              "maxParallelRuns": 1
            }""";

    static final String GRID_EXAMPLE = """
            {
              "name": "LeNet-5 on MNIST: learning rate x batch size",
              "base": {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 1,
                       "optimizer": {"type": "sgd", "learningRate": 0.01}},
              "grid": [{"field": "/optimizer/learningRate", "values": [0.1, 0.01]}, {"field": "batchSize", "values": [32, 128]}],
              "seeds": 2
            }""";

    private final ExperimentService experiments;
    private final ExperimentReports reports;
    private final ExperimentEvents events;

    ExperimentController(ExperimentService experiments, ExperimentReports reports, ExperimentEvents events) {
        this.experiments = experiments;
        this.reports = reports;
        this.events = events;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start an experiment",
            description = "Every variant's job is checked as POST /api/v1/training-jobs would check it before anything "
                    + "is stored. Its runs (variants x seeds) are then queued as ordinary training jobs of the caller, at "
                    + "most maxParallelRuns at once, so they spread over the training workers and count against the "
                    + "caller's job quota (a full quota delays runs, it does not fail them).")
    @ApiResponse(responseCode = "202", description = "Started; Location names the experiment")
    @ApiResponse(responseCode = "400", description = "Invalid experiment; 'field' names the culprit, and 'variant' the "
            + "variant whose job would be refused (then 'field' points into that job)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "A variant's dataset is not available on this node",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "A variant's model, or training it, exceeds the node's limits",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ExperimentView> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(examples = {
                    @ExampleObject(name = "Named variants (merge patches)", value = VARIANTS_EXAMPLE),
                    @ExampleObject(name = "A grid", value = GRID_EXAMPLE)}))
            @RequestBody ExperimentRequest request,
            @Parameter(description = "Run on this dataset instead of the base job's: with an inline definition that has "
                    + "no inputShape (it is then the dataset's), one experiment file serves several datasets", example = "cifar-10")
            @RequestParam(required = false) String dataset,
            HttpServletRequest http) {
        ExperimentView experiment = experiments.create(request, dataset, Callers.of(http));
        return ResponseEntity.accepted().location(URI.create("/api/v1/experiments/" + experiment.id())).body(experiment);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List experiments, newest first")
    List<ExperimentView> list(@RequestParam(defaultValue = "100") int limit) {
        return experiments.list(ListLimit.clamp(limit));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "State of an experiment and of each run")
    ExperimentView get(@PathVariable UUID id) {
        return experiments.get(id);
    }

    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel an experiment", description = "Runs not queued yet are skipped; queued and running jobs are cancelled.")
    @ApiResponse(responseCode = "200", description = "The experiment, cancelled")
    @ApiResponse(responseCode = "409", description = "The experiment already ended",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ExperimentView cancel(@PathVariable UUID id) {
        return experiments.cancel(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an ended experiment", description = "Its training jobs and trained models stay.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The experiment is still running: cancel it first",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        experiments.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live progress as Server-Sent Events",
            description = "Events: 'experiment' (a snapshot on connect), 'run' (a run changed state: variant, seed, job "
                    + "id, state), 'progress' (run counts), 'state' (the experiment ended; the stream then ends). Each "
                    + "job's own progress streams from /api/v1/training-jobs/{id}/events.")
    SseEmitter events(@PathVariable UUID id) {
        SseEmitter emitter = events.subscribe(id, experiments.get(id));
        ExperimentView now = experiments.get(id);
        if (now.state().finished()) {
            events.complete(id, now);
        }
        return emitter;
    }

    @GetMapping(path = "/{id}/results", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Results per variant, ranked",
            description = "Test accuracy and loss over the seeds (mean, std, min, max), parameters, training time, "
                    + "images/s, the difference to the baseline with its 95% confidence interval (Welch's t), and the "
                    + "learning curves of every run. Partial while the experiment runs.")
    ExperimentResults results(@PathVariable UUID id) {
        return reports.results(id);
    }

    @GetMapping(path = "/{id}/report.md", produces = MARKDOWN)
    @Operation(summary = "The results as a Markdown report", description = "Self-contained: the plots are inline PNG data URIs.")
    @ApiResponse(responseCode = "200", description = "The report", content = @Content(mediaType = MARKDOWN,
            schema = @Schema(type = "string")))
    String markdown(@PathVariable UUID id) {
        return reports.markdown(id);
    }

    @GetMapping(path = "/{id}/report.html", produces = HTML)
    @Operation(summary = "The results as an HTML report", description = "One self-contained page: the plots are inline PNG data URIs.")
    @ApiResponse(responseCode = "200", description = "The report", content = @Content(mediaType = HTML,
            schema = @Schema(type = "string")))
    String html(@PathVariable UUID id) {
        return reports.html(id);
    }
}
