package dev.convnet.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.convnet.common.Callers;
import dev.convnet.common.ListLimit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(name = "Training jobs", description = "Train a model on a dataset, watch it live, cancel it")
class TrainingJobController {

    static final String LENET_JOB = """
            {
              "model": {"preset": "lenet5"},
              "dataset": "mnist",
              "epochs": 1,
              "batchSize": 128,
              "optimizer": {"type": "sgd", "learningRate": 0.01},
              "validation": {"mode": "test"},
              "seed": 42
            }""";

    static final String CIFAR_JOB = """
            {
              "model": {"preset": "cifar10-cnn"},
              "dataset": "cifar-10",
              "epochs": 1,
              "batchSize": 32,
              "optimizer": {"type": "rmsprop", "learningRate": 0.0001, "decay": 1e-6},
              "augmentation": {"widthShiftRange": 0.1, "heightShiftRange": 0.1, "horizontalFlip": true, "fillMode": "nearest"},
              "validation": {"mode": "test"}
            }""";

    private final TrainingJobService jobs;
    private final TrainingEvents events;

    TrainingJobController(TrainingJobService jobs, TrainingEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a training job",
            description = "The job is checked against its model and dataset before it is queued. Jobs run on the job "
                    + "engine, at most convnet.training.max-concurrent-jobs at once per node, in order of submission.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the job")
    @ApiResponse(responseCode = "400", description = "Invalid job; 'field' names the culprit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The dataset is not available on this node; 'reason' says why",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "The model, or training it with this batch size, exceeds the node's"
            + " limits (convnet.limits.*, the memory budget included): 'field', 'value', 'limit' and 'setting' say which",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The caller has convnet.rate-limits.max-concurrent-jobs jobs queued or "
            + "running, or is over its rate of submissions; Retry-After says when to try again",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TrainingJobView> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(examples = {
                    @ExampleObject(name = "The lesson's LeNet-5 on MNIST", value = LENET_JOB),
                    @ExampleObject(name = "The lesson's CIFAR-10 CNN with augmentation", value = CIFAR_JOB)}))
            @Valid @RequestBody TrainingJobRequest request, HttpServletRequest http) {
        TrainingJobView job = jobs.submit(request, Callers.of(http));
        return ResponseEntity.accepted().location(URI.create("/api/v1/training-jobs/" + job.id())).body(job);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List training jobs, newest first")
    List<TrainingJobView> list(@RequestParam(defaultValue = "100") int limit) {
        return jobs.list(ListLimit.clamp(limit));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "State, progress, history and outcome of a job")
    TrainingJobView get(@PathVariable UUID id) {
        return jobs.get(id);
    }

    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a job", description = "A queued job is cancelled at once, a running one within one batch.")
    @ApiResponse(responseCode = "200", description = "The job, cancelled or stopping")
    @ApiResponse(responseCode = "409", description = "The job already ended",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    TrainingJobView cancel(@PathVariable UUID id) {
        return jobs.cancel(id);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live progress as Server-Sent Events",
            description = "Events: 'job' (a snapshot on connect), 'iteration' (every convnet.training.progress-every "
                    + "iterations), 'epoch' (history row), 'state' (final state; the stream then ends). A client that "
                    + "reads slowly gets only the newest pending 'iteration' and may miss 'epoch' events (the job's "
                    + "history has them all); 'state' always arrives.")
    SseEmitter events(@PathVariable UUID id) {
        SseEmitter emitter = events.subscribe(id, jobs.get(id));
        TrainingJobView now = jobs.get(id);
        if (now.state().finished()) {
            events.complete(id, now.state().name());
        }
        return emitter;
    }
}
