package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the clients of a node were told before it was killed, and the check that the restarted node still says
 * it: every write answered 2xx is there; the one in flight at the kill either happened completely or not at all;
 * nothing half-made is listed or served.
 */
final class ConfirmedWrites {

    /** One 8x8 grey image: every model of the workload takes these. */
    static final String PREDICT_INPUT;

    static {
        StringBuilder rows = new StringBuilder("{\"inputs\": [[");
        for (int y = 0; y < 8; y++) {
            rows.append(y == 0 ? "" : ",").append('[');
            for (int x = 0; x < 8; x++) {
                rows.append(x == 0 ? "" : ",").append('[').append((x * 7 + y * 3) % 10 / 10.0).append(']');
            }
            rows.append(']');
        }
        PREDICT_INPUT = rows.append("]]}").toString();
    }

    private static final class Model {
        final String id;
        String jobId;
        String parentId;
        /** Fingerprints of the weights it may have; empty: any, then the one first seen. */
        final Set<String> weights = new HashSet<>();
        /** Its weights were set at some point, so exactly one weights file must exist for it. */
        boolean hasFile;
        boolean mayBeDeleted;
        boolean deleted;
        boolean changed = true;
        Instant evaluatedAt;

        Model(String id) {
            this.id = id;
        }
    }

    private static final class Job {
        final String id;
        final int epochs;
        String resultModelId;

        Job(String id, int epochs) {
            this.id = id;
            this.epochs = epochs;
        }
    }

    private final Map<String, Model> models = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Names of models whose creation or import was in flight, with the fingerprints they may have (empty: any). */
    private final Map<String, Set<String>> pendingNames = new HashMap<>();
    /** Models a job submission in flight was for, and its epochs. */
    private final Map<String, Integer> pendingJobs = new HashMap<>();
    /** Predictions by weights fingerprint: every model with the same weights (all the imports) must agree. */
    private final Map<String, String> outputs = new HashMap<>();
    /** Initial weights of each definition: what a trained model of it would have if it were rebuilt from the seed. */
    private final Map<String, String> initialWeights = new HashMap<>();

    // What the workload was told (2xx) or sent without an answer

    void created(String id) {
        models.put(id, new Model(id));
    }

    void initialWeights(String id, String fingerprint) {
        models.get(id).weights.add(fingerprint);
        initialWeights.put(id, fingerprint);
    }

    void mayHaveCreated(String name) {
        pendingNames.put(name, Set.of());
    }

    void weightsSet(String id, String fingerprint) {
        Model model = models.get(id);
        model.weights.clear();
        model.weights.add(fingerprint);
        model.hasFile = true;
        model.changed = true;
    }

    void mayHaveSetWeights(String id, String fingerprint) {
        models.get(id).weights.add(fingerprint);
        models.get(id).changed = true;
    }

    void imported(String id, String fingerprint) {
        Model model = new Model(id);
        model.weights.add(fingerprint);
        model.hasFile = true;
        models.put(id, model);
    }

    void mayHaveImported(String name, String fingerprint) {
        pendingNames.put(name, Set.of(fingerprint));
    }

    void submitted(String jobId, int epochs) {
        jobs.put(jobId, new Job(jobId, epochs));
    }

    void mayHaveSubmitted(String modelId, int epochs) {
        pendingJobs.put(modelId, epochs);
    }

    void succeeded(String jobId, String resultModelId, String parentId) {
        jobs.get(jobId).resultModelId = resultModelId;
        Model trained = models.computeIfAbsent(resultModelId, Model::new);
        trained.jobId = jobId;
        trained.parentId = parentId;
        trained.hasFile = true;
    }

    void evaluated(String modelId, Instant createdAt) {
        models.get(modelId).evaluatedAt = createdAt;
    }

    void deleted(String id) {
        models.get(id).deleted = true;
    }

    void mayHaveDeleted(String id) {
        models.get(id).mayBeDeleted = true;
    }

    // The check after a restart

    /** Asserts that the node serves exactly what it confirmed; returns how many models and jobs it checked. */
    String verify(ApiClient api, Path dataDir, Duration jobTimeout) {
        Map<String, JsonNode> jobViews = awaitFinishedJobs(api, jobTimeout);
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        api.get("/api/v1/models").json().forEach(model -> listed.put(model.get("id").stringValue(), model));
        adoptJobs(jobViews);
        adoptModels(api, listed);
        for (Model model : models.values()) {
            checkModel(api, listed, model);
        }
        for (Job job : jobs.values()) {
            checkJob(api, jobViews.get(job.id), job);
        }
        checkFiles(dataDir, listed.keySet());
        JsonNode store = api.get("/actuator/health").json().at("/components/modelStore/details");
        assertThat(store.get("brokenModelCount").intValue()).as("broken models in health: %s", store).isZero();
        pendingNames.clear();
        pendingJobs.clear();
        return listed.size() + " models, " + jobs.size() + " jobs";
    }

    /** Queued and running jobs must move on after a restart: recovered, resumed or queued again. */
    private static Map<String, JsonNode> awaitFinishedJobs(ApiClient api, Duration timeout) {
        return await("every job finished after the restart").atMost(timeout)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Map<String, JsonNode> views = new LinkedHashMap<>();
                    api.get("/api/v1/training-jobs?limit=1000").json().forEach(job -> views.put(job.get("id").stringValue(), job));
                    return views;
                }, views -> views.values().stream().noneMatch(job -> Set.of("QUEUED", "RUNNING").contains(job.get("state").stringValue())));
    }

    private void adoptJobs(Map<String, JsonNode> views) {
        for (Map.Entry<String, JsonNode> view : views.entrySet()) {
            if (!jobs.containsKey(view.getKey())) {
                Integer epochs = pendingJobs.remove(view.getValue().get("modelId").stringValue());
                assertThat(epochs).as("a job no client submitted: %s", view.getValue()).isNotNull();
                jobs.put(view.getKey(), new Job(view.getKey(), epochs));
            }
        }
        for (Job job : jobs.values()) {
            assertThat(views.keySet()).as("jobs listed; job %s was answered 202", job.id).contains(job.id);
        }
    }

    /** Every listed model must be one a client was told about, or the result of the request in flight at the kill. */
    private void adoptModels(ApiClient api, Map<String, JsonNode> listed) {
        for (JsonNode item : listed.values()) {
            String id = item.get("id").stringValue();
            if (models.containsKey(id)) {
                continue;
            }
            Model model = new Model(id);
            JsonNode lineage = "TRAINED".equals(item.get("kind").stringValue())
                    ? api.get("/api/v1/models/" + id).json().get("lineage") : null;
            if (lineage != null && "training".equals(lineage.path("source").asString())) {
                model.jobId = lineage.get("trainingJobId").stringValue();
                model.parentId = lineage.get("parentModelId").stringValue();
                assertThat(jobs.keySet()).as("jobs known; trained model %s", item).contains(model.jobId);
                model.hasFile = true;
            } else {
                Set<String> fingerprints = pendingNames.remove(item.get("name").stringValue());
                assertThat(fingerprints).as("a model no client created: %s", item).isNotNull();
                model.weights.addAll(fingerprints);
                model.hasFile = !fingerprints.isEmpty(); // an import (TRAINED); a created definition has its seed's weights
            }
            models.put(id, model);
        }
    }

    private void checkModel(ApiClient api, Map<String, JsonNode> listed, Model model) {
        if (model.mayBeDeleted && !listed.containsKey(model.id)) {
            model.deleted = true;
        }
        model.mayBeDeleted = false;
        if (model.deleted) {
            assertThat(listed.keySet()).as("models listed; model %s was deleted (204)", model.id).doesNotContain(model.id);
            assertThat(api.get("/api/v1/models/" + model.id).status()).isEqualTo(404);
            return;
        }
        assertThat(listed.keySet()).as("models listed; model %s was confirmed", model.id).contains(model.id);
        ApiClient.Response weights = api.get("/api/v1/models/" + model.id + "/weights");
        assertThat(weights.status()).as("weights of model %s: %s", model.id, weights.body()).isEqualTo(200);
        String fingerprint = fingerprint(weights.json().get("weights"));
        if (!model.weights.isEmpty()) {
            assertThat(fingerprint).as("weights of model %s", model.id).isIn(model.weights);
        }
        if (model.jobId != null && initialWeights.containsKey(model.parentId)) {
            assertThat(fingerprint).as("trained model %s has its definition's initial weights", model.id)
                    .isNotEqualTo(initialWeights.get(model.parentId));
        }
        // A weights file exists once weights were set: confirmed, or the write in flight happened.
        model.hasFile |= initialWeights.containsKey(model.id) && !fingerprint.equals(initialWeights.get(model.id));
        model.weights.clear();
        model.weights.add(fingerprint);
        if (model.changed) {
            ApiClient.Response predicted = api.post("/api/v1/models/" + model.id + "/predict", PREDICT_INPUT);
            assertThat(predicted.status()).as("prediction of model %s: %s", model.id, predicted.body()).isEqualTo(200);
            String output = predicted.json().get("outputs").toString();
            String before = outputs.putIfAbsent(fingerprint, output);
            assertThat(output).as("prediction of model %s, against another model's with the same weights", model.id)
                    .isEqualTo(before == null ? output : before);
            model.changed = false;
        }
        if (model.evaluatedAt != null) {
            JsonNode evaluation = api.get("/api/v1/models/" + model.id + "/evaluation").json();
            assertThat(Instant.parse(evaluation.get("createdAt").stringValue())).as("latest evaluation of model %s", model.id)
                    .isAfterOrEqualTo(model.evaluatedAt);
        }
    }

    /** A job's outcome is final and recorded once: SUCCEEDED with exactly one model and its evaluation. */
    private void checkJob(ApiClient api, JsonNode view, Job job) {
        String state = view.get("state").stringValue();
        List<Model> trained = models.values().stream().filter(model -> job.id.equals(model.jobId) && !model.deleted).toList();
        if (job.resultModelId != null) {
            assertThat(state).as("job %s was seen SUCCEEDED: %s", job.id, view).isEqualTo("SUCCEEDED");
            assertThat(view.get("resultModelId").stringValue()).isEqualTo(job.resultModelId);
        }
        List<Integer> epochs = view.get("history").findValues("epoch").stream().map(JsonNode::intValue).toList();
        switch (state) {
            case "SUCCEEDED" -> {
                assertThat(trained).as("trained models of job %s", job.id).hasSize(1);
                assertThat(trained.get(0).id).isEqualTo(view.get("resultModelId").stringValue());
                assertThat(api.get("/api/v1/models/" + trained.get(0).id + "/evaluation").status())
                        .as("evaluation of the model of job %s", job.id).isEqualTo(200);
                assertThat(epochs).as("history of job %s", job.id)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, job.epochs).boxed().toList());
                job.resultModelId = view.get("resultModelId").stringValue();
            }
            case "FAILED" -> {
                assertThat(view.get("error").stringValue()).as("job %s", job.id).contains("restarted during training");
                assertThat(trained).as("trained models of failed job %s", job.id).isEmpty();
                assertThat(epochs).as("history of job %s", job.id).doesNotHaveDuplicates();
            }
            default -> fail("job %s is %s, which no restart explains: %s", job.id, state, view);
        }
    }

    /** One weights file per model that has weights set, none of anything else; no unfinished writes, no stale checkpoints. */
    private void checkFiles(Path dataDir, Set<String> listed) {
        Path modelsDir = dataDir.resolve("models");
        for (Model model : models.values()) {
            Path dir = modelsDir.resolve(model.id);
            if (model.deleted || !model.hasFile) {
                assertThat(dir).as("files of model %s (deleted, or weights never set)", model.id).doesNotExist();
            } else {
                assertThat(files(dir)).as("files of model %s", model.id).singleElement()
                        .satisfies(file -> assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.zip"));
            }
        }
        assertThat(files(modelsDir).stream().map(file -> modelsDir.relativize(file).getName(0).toString()))
                .as("model directories").allMatch(listed::contains);
        // The runner deletes a finished job's checkpoints just after recording its outcome.
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(files(dataDir.resolve("checkpoints"))).as("checkpoints, every job being finished").isEmpty());
        assertThat(files(dataDir.resolve("tmp"))).as("import staging").isEmpty();
    }

    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The weights' float32 values, in order: what GET /weights returns and PUT /weights takes. */
    static String fingerprint(JsonNode weights) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            addValues(weights, digest);
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addValues(JsonNode node, MessageDigest digest) {
        if (node.isNumber()) {
            digest.update(ByteBuffer.allocate(4).putFloat(node.floatValue()).array());
        } else {
            node.forEach(child -> addValues(child, digest));
        }
    }
}
