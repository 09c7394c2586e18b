package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trial's scripted workload, as a client runs it: create a model, set its weights, import a model file, train
 * (submit, then wait for SUCCEEDED), evaluate, delete. One step, chosen at random, is the kill step: its request is
 * sent, and after a random delay of up to one and a half times the step's median duration so far (so that about
 * two kills in three land before the answer, the others just after it) the node is killed with SIGKILL. The steps
 * before it run to their answer. What each answer confirmed, or what the unanswered request may have done, goes
 * into {@link ConfirmedWrites}.
 */
final class CrashWorkload {

    enum Step { CREATE, PUT_WEIGHTS, IMPORT, TRAIN, EVALUATE, DELETE }

    /** Where a trial's node was killed, and what its client had seen of that step by then. */
    record KillPoint(int trial, Step step, long afterMillis, String answer) {

        @Override
        public String toString() {
            return String.format("trial %3d: killed during %-11s %5d ms after its request (%s)", trial, step, afterMillis, answer);
        }
    }

    static final String NO_ANSWER = "no answer";
    static final int EPOCHS = 3;
    static final String MODEL = """
            {"name": "%s", "inputShape": [8, 8, 1], "layers": [
              {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPooling2d"}, {"type": "flatten"},
              {"type": "dense", "units": 2, "activation": "softmax"}]}""";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(1);

    private final ConfirmedWrites writes;
    private final byte[] referenceFile;
    private final String referenceFingerprint;
    private final Random random;
    private final ExecutorService executor;
    /** How long each step took when it ran to its end, starting from a guess. */
    private final Map<Step, List<Long>> durations = new EnumMap<>(Map.of(Step.CREATE, list(50), Step.PUT_WEIGHTS, list(50),
            Step.IMPORT, list(100), Step.TRAIN, list(1500), Step.EVALUATE, list(100), Step.DELETE, list(30)));

    CrashWorkload(ConfirmedWrites writes, byte[] referenceFile, String referenceFingerprint, Random random,
                  ExecutorService executor) {
        this.writes = writes;
        this.referenceFile = referenceFile;
        this.referenceFingerprint = referenceFingerprint;
        this.random = random;
        this.executor = executor;
    }

    /** A model definition of the workload's shape, as the body of POST /api/v1/models. */
    static String model(String name) {
        return MODEL.formatted(name);
    }

    /** Random weights in the layout of {@code like} (what GET /weights returned for the model). */
    static JsonNode randomWeights(JsonNode like, Random random) {
        if (like.isNumber()) {
            return NODES.numberNode((float) (random.nextGaussian() * 0.3));
        }
        ArrayNode array = NODES.arrayNode();
        like.forEach(child -> array.add(randomWeights(child, random)));
        return array;
    }

    /** Runs the steps up to the kill step, kills the node during it, and says where. */
    KillPoint run(int trial, ApiClient api, ServiceProcess service) {
        Step killStep = Step.values()[random.nextInt(Step.values().length)];
        long delay = (long) (random.nextDouble() * (median(durations.get(killStep)) * 1.5 + 5));
        Trial state = new Trial(trial, api);
        for (Step step : Step.values()) {
            if (step != killStep) {
                long started = System.nanoTime();
                state.perform(step);
                durations.get(step).add(millisSince(started));
                continue;
            }
            long started = System.nanoTime();
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> state.perform(step), executor);
            sleepMillis(delay);
            long killedAfter = millisSince(started);
            service.kill();
            return new KillPoint(trial, step, killedAfter, state.answer(step, awaitAfterKill(call)));
        }
        throw new IllegalStateException("no kill step");
    }

    /** The step's call after the kill: finished (answered in time), or failed because the node died under it. */
    private static boolean awaitAfterKill(CompletableFuture<Void> call) {
        try {
            call.get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion; // an answer that was not the expected 2xx
            }
            return false;
        } catch (TimeoutException e) {
            throw new AssertionError("the request in flight neither finished nor failed 30 s after the kill");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The state of one trial's steps; a step's answers are recorded as they arrive. */
    private final class Trial {

        private final int trial;
        private final ApiClient api;
        private volatile String modelId;
        private volatile JsonNode initialWeights;
        private volatile String importedId;
        private volatile String jobId;
        private volatile String trainedId;
        private volatile String weightsFingerprint;
        private volatile long answeredAfter = -1;
        private volatile boolean succeededSeen;
        private volatile long stepStartedNanos;

        Trial(int trial, ApiClient api) {
            this.trial = trial;
            this.api = api;
        }

        void perform(Step step) {
            stepStartedNanos = System.nanoTime();
            answeredAfter = -1;
            succeededSeen = false;
            switch (step) {
                case CREATE -> {
                    ApiClient.Response created = answered(api.post("/api/v1/models", model("crash-" + trial)), 201);
                    modelId = created.json().get("id").stringValue();
                    writes.created(modelId);
                    initialWeights = answeredLater(api.get("/api/v1/models/" + modelId + "/weights"), 200).json().get("weights");
                    writes.initialWeights(modelId, ConfirmedWrites.fingerprint(initialWeights));
                }
                case PUT_WEIGHTS -> {
                    JsonNode weights = randomWeights(initialWeights, random);
                    weightsFingerprint = ConfirmedWrites.fingerprint(weights);
                    answered(api.put("/api/v1/models/" + modelId + "/weights", weights.toString()), 200);
                    writes.weightsSet(modelId, weightsFingerprint);
                }
                case IMPORT -> {
                    ApiClient.Response imported = answered(api.postMultipart("/api/v1/models/import", "file", "reference.zip",
                            referenceFile, Map.of("name", "crash-import-" + trial)), 201);
                    importedId = imported.json().get("id").stringValue();
                    writes.imported(importedId, referenceFingerprint);
                }
                case TRAIN -> {
                    ApiClient.Response submitted = answered(api.post("/api/v1/training-jobs", "{\"model\": {\"id\": \"" + modelId
                            + "\"}, \"dataset\": \"leftright\", \"epochs\": " + EPOCHS + ", \"batchSize\": 8, \"optimizer\":"
                            + " {\"type\": \"sgd\", \"learningRate\": 0.05}, \"checkpointEveryEpochs\": 1, \"seed\": " + trial
                            + "}"), 202);
                    jobId = submitted.json().get("id").stringValue();
                    writes.submitted(jobId, EPOCHS);
                    trainedId = awaitSucceeded(jobId);
                    writes.succeeded(jobId, trainedId, modelId);
                    succeededSeen = true;
                }
                case EVALUATE -> {
                    ApiClient.Response evaluation = answered(api.post("/api/v1/models/" + trainedId + "/evaluation", ""), 200);
                    writes.evaluated(trainedId, Instant.parse(evaluation.json().get("createdAt").stringValue()));
                }
                case DELETE -> {
                    answered(api.delete("/api/v1/models/" + importedId), 204);
                    writes.deleted(importedId);
                }
            }
        }

        /** What the kill step's client saw; for an unanswered request, what it may have done is recorded. */
        String answer(Step step, boolean finished) {
            if (answeredAfter < 0) {
                switch (step) {
                    case CREATE -> writes.mayHaveCreated("crash-" + trial);
                    case PUT_WEIGHTS -> writes.mayHaveSetWeights(modelId, weightsFingerprint);
                    case IMPORT -> writes.mayHaveImported("crash-import-" + trial, referenceFingerprint);
                    case TRAIN -> writes.mayHaveSubmitted(modelId, EPOCHS);
                    case EVALUATE -> { } // one more evaluation or not: the latest is checked either way
                    case DELETE -> writes.mayHaveDeleted(importedId);
                }
                return NO_ANSWER;
            }
            return "answered after " + answeredAfter + " ms" + (succeededSeen ? "; SUCCEEDED seen" : "")
                    + (finished ? "" : "; cut off before its end");
        }

        private ApiClient.Response answered(ApiClient.Response response, int expected) {
            answeredAfter = millisSince(stepStartedNanos);
            assertThat(response.status()).as("trial %d: %s", trial, response.body()).isEqualTo(expected);
            return response;
        }

        private ApiClient.Response answeredLater(ApiClient.Response response, int expected) {
            assertThat(response.status()).as("trial %d: %s", trial, response.body()).isEqualTo(expected);
            return response;
        }

        private String awaitSucceeded(String job) {
            JsonNode succeeded = await("trial " + trial + ": job " + job + " succeeding").atMost(TRAINING_TIMEOUT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> api.get("/api/v1/training-jobs/" + job).json(), view -> {
                        String state = view.get("state").stringValue();
                        // Anything but SUCCEEDED after QUEUED or RUNNING fails the trial at once.
                        assertThat(state).as("trial %d: job %s", trial, view).isIn("QUEUED", "RUNNING", "SUCCEEDED");
                        return state.equals("SUCCEEDED");
                    });
            return succeeded.get("resultModelId").stringValue();
        }
    }

    private static List<Long> list(long guess) {
        return new ArrayList<>(List.of(guess));
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().skip(values.size() / 2).findFirst().orElseThrow();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
