package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresTestDatabase;
import dev.convnet.support.S3TestServer;
import dev.convnet.support.TestDatasets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A cluster on one machine, as issue 15 deploys one: separate service JVMs on one PostgreSQL database and one S3
 * bucket (MinIO, or s3proxy without Docker), each with its own empty data directory (uploaded datasets aside: see
 * {@link ClusterNode.Cluster}). Node A (api, serving) takes the
 * jobs, node B (serving) only serves, worker W1 (training) trains. While no worker runs, jobs stay queued; W1 then
 * trains one, whose model A and B serve with the same answers. W1 is killed with SIGKILL inside the second epoch of
 * another job; worker W2, started then, resumes it from the checkpoint in the bucket, and its model is stored whole.
 * A delete on A is a 404 on B within the coherence bound. Every node's data directory ends up holding only its cache.
 */
class MultiNodeClusterTest {

    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    /** README, "Cluster": one version-check interval plus the time a busy machine takes for the read and the reload. */
    private static final Duration PROPAGATION_BOUND = CHECK_INTERVAL.plusSeconds(2);
    private static final int TRAIN = 2000;
    private static final int TEST = 100;
    private static final int BATCH = 32;
    private static final int RESUMED_EPOCHS = 10;
    /** Digits served in the comparison of A and B: from the end of MNIST's test file, never trained on. */
    private static final int FIRST_SERVED = 9_900;
    private static final int SERVED = 20;
    /** Smaller than LeNet-5: two convolutions and a softmax, so that a 2-core machine trains an epoch in seconds. */
    private static final String NETWORK = """
            {"name": "cluster-digits", "inputShape": [28, 28, 1], "layers": [
               {"type": "conv2d", "filters": 6, "kernelSize": 5, "activation": "relu"},
               {"type": "maxPooling2d"},
               {"type": "conv2d", "filters": 12, "kernelSize": 5, "activation": "relu"},
               {"type": "maxPooling2d"}, {"type": "flatten"},
               {"type": "dense", "units": 10, "activation": "softmax"}]}""";

    @TempDir
    Path dir;

    private final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ClusterNode>> starting = new ArrayList<>();
    private final Map<String, String> measured = Collections.synchronizedMap(new LinkedHashMap<>());

    @AfterEach
    void stopNodes() {
        starting.forEach(node -> node.exceptionally(failed -> null).join()); // none left running after a failed start
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void workersTrainServingNodesServeAKilledWorkersJobResumesElsewhereAndDeletesPropagate() throws Exception {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        long testStart = System.nanoTime();
        MnistDigits mnist = MnistDigits.load();
        ClusterNode.Cluster cluster = new ClusterNode.Cluster(PostgresTestDatabase.newDatabase(), S3TestServer.newBucket(),
                dir, CHECK_INTERVAL);
        CompletableFuture<ClusterNode> startingB = startInBackground(cluster, "b", "serving");
        ClusterNode a = started(cluster.start("a", "api,serving"));
        ClusterNode b = startingB.join();
        assertThat(roles(a)).isEqualTo("[\"api\",\"serving\"]");
        assertThat(roles(b)).isEqualTo("[\"serving\"]");

        ApiClient.Response uploaded = a.api().postMultipart("/api/v1/datasets", "file", "digits.zip", mnist.zip(TRAIN, TEST),
                Map.of("name", "cluster-digits"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        String served = submit(a, 1);
        String resumed = submit(a, RESUMED_EPOCHS);

        // No worker yet: A and B have the jobs in their shared queue and leave them there.
        Thread.sleep(3_000); // three job-engine polling intervals of a node that would poll
        for (String job : List.of(served, resumed)) {
            JsonNode view = job(a, job);
            assertThat(view.get("state").stringValue()).as(view.toString()).isEqualTo("QUEUED");
            assertThat(view.get("node").isNull()).as(view.toString()).isTrue();
        }
        assertThat(pickedExecutions(cluster.db())).as("job-engine executions taken by any node").isZero();

        ClusterNode w1 = started(cluster.start("w1", "training"));
        JsonNode first = awaitJob(a, served, view -> isFinal(view));
        assertThat(first.get("state").stringValue()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("node").stringValue()).isEqualTo("w1");
        measured.put("job of 1 epoch on w1 (" + TRAIN + " digits)", seconds(first));
        String firstModel = first.get("resultModelId").stringValue();
        JsonNode answersA = predictions(a, firstModel, mnist);
        assertThat(predictions(b, firstModel, mnist)).as("B's answers, as A's").isEqualTo(answersA);
        assertThat(correct(answersA, mnist)).as("digits of %d classified right", SERVED).isGreaterThanOrEqualTo(SERVED / 2);

        // The second job: W1 dies mid-job, once an epoch's checkpoint is in the bucket. Epochs last about 2 s on a
        // quiet machine, so the job is long enough for the kill to land before its end whatever the machine's speed.
        awaitJob(a, resumed, view -> isFinal(view) || view.get("history").size() >= 1);
        await("an epoch's checkpoint in the bucket").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !keys(cluster.bucket(), "checkpoints/" + resumed + "/").isEmpty());
        JsonNode beforeKill = job(a, resumed);
        int epochsBeforeKill = beforeKill.get("history").size();
        assertThat(beforeKill.get("state").stringValue()).as("still running at the kill: %s", beforeKill).isEqualTo("RUNNING");
        assertThat(epochsBeforeKill).as("epochs done at the kill: %s", beforeKill).isLessThan(RESUMED_EPOCHS);
        w1.kill();
        long killed = System.nanoTime();
        measured.put("w1 killed after epoch", epochsBeforeKill + " of " + RESUMED_EPOCHS);

        ClusterNode w2 = started(cluster.start("w2", "training"));
        awaitJob(a, resumed, view -> isFinal(view) || view.get("node").isString() && view.get("node").stringValue().equals("w2"));
        measured.put("kill of w1 to the job running on w2", String.format("%.1f s", (System.nanoTime() - killed) / 1e9));
        JsonNode done = awaitJob(a, resumed, MultiNodeClusterTest::isFinal);
        measured.put("kill of w1 to the job succeeded on w2", String.format("%.1f s", (System.nanoTime() - killed) / 1e9));
        assertThat(done.get("state").stringValue()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("node").stringValue()).isEqualTo("w2");
        assertThat(done.get("history")).hasSize(RESUMED_EPOCHS);
        assertThat(w2.logText()).contains("Training job " + resumed + ": node w1 stopped responding during training");
        Matcher resumedFrom = Pattern.compile("Resuming training job " + resumed + " from the checkpoint of epoch (\\d+)")
                .matcher(w2.logText());
        assertThat(resumedFrom.find()).as("W2 resumed the job from a checkpoint").isTrue();
        int checkpointEpoch = Integer.parseInt(resumedFrom.group(1));
        assertThat(checkpointEpoch).isBetween(1, epochsBeforeKill + 1);
        measured.put("w2 resumed from the checkpoint of epoch", String.valueOf(checkpointEpoch));
        for (int epoch = 0; epoch < Math.min(checkpointEpoch, epochsBeforeKill); epoch++) {
            assertThat(done.get("history").get(epoch)).as("epoch %d as W1 trained it, not trained again", epoch + 1)
                    .isEqualTo(beforeKill.get("history").get(epoch));
        }
        String resumedModel = done.get("resultModelId").stringValue();
        assertStoredWhole(cluster, resumedModel);
        await("the finished job's checkpoints deleted").atMost(Duration.ofSeconds(10))
                .until(() -> keys(cluster.bucket(), "checkpoints/" + resumed + "/").isEmpty());
        assertThat(predictions(b, resumedModel, mnist)).isEqualTo(predictions(a, resumedModel, mnist));

        // B holds the first model loaded; A deletes it.
        assertThat(a.api().delete("/api/v1/models/" + firstModel).status()).isEqualTo(204);
        long deleted = System.nanoTime();
        await("a 404 on B").atMost(PROPAGATION_BOUND.multipliedBy(3)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5)).until(() -> predict(b, firstModel, mnist).status() == 404);
        Duration propagation = Duration.ofNanos(System.nanoTime() - deleted);
        measured.put("delete on A to 404 on B", propagation.toMillis() + " ms (bound " + PROPAGATION_BOUND.toMillis() + " ms)");
        assertThat(propagation).isLessThanOrEqualTo(PROPAGATION_BOUND);

        for (ClusterNode node : nodes) {
            assertThat(node.localFiles()).as("what %s keeps in its data directory", node.name())
                    .allSatisfy(file -> assertThat(file.startsWith("cache")).as(file.toString()).isTrue());
        }
        measured.put("whole test", String.format("%.0f s", (System.nanoTime() - testStart) / 1e9));
        StringBuilder summary = new StringBuilder("Multi-node test, measured:");
        measured.forEach((what, value) -> summary.append("\n  ").append(what).append(": ").append(value));
        System.out.println(summary);
    }

    private CompletableFuture<ClusterNode> startInBackground(ClusterNode.Cluster cluster, String name, String roles) {
        CompletableFuture<ClusterNode> node = CompletableFuture.supplyAsync(() -> started(cluster.start(name, roles)));
        starting.add(node);
        return node;
    }

    private ClusterNode started(ClusterNode node) {
        nodes.add(node);
        measured.put("start of " + node.name(), String.format("%.1f s", node.startedIn().toMillis() / 1e3));
        return node;
    }

    private static String roles(ClusterNode node) {
        return node.api().get("/actuator/info").json().at("/node/roles").toString();
    }

    private static String submit(ClusterNode node, int epochs) {
        ApiClient.Response submitted = node.api().post("/api/v1/training-jobs", """
                {"model": {"definition": %s}, "dataset": "cluster-digits", "epochs": %d, "batchSize": %d,
                 "checkpointEveryEpochs": 1, "optimizer": {"type": "adam"}, "seed": 7}""".formatted(NETWORK, epochs, BATCH));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return submitted.json().get("id").stringValue();
    }

    private static JsonNode job(ClusterNode node, String id) {
        ApiClient.Response view = node.api().get("/api/v1/training-jobs/" + id);
        assertThat(view.status()).as(view.body()).isEqualTo(200);
        return view.json();
    }

    private static JsonNode awaitJob(ClusterNode node, String id, Predicate<JsonNode> condition) {
        return await("training job " + id).atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> job(node, id), condition);
    }

    private static boolean isFinal(JsonNode view) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.get("state").stringValue());
    }

    private static String seconds(JsonNode view) {
        return String.format("%.1f s", Duration.between(Instant.parse(view.get("startedAt").stringValue()),
                Instant.parse(view.get("finishedAt").stringValue())).toMillis() / 1e3);
    }

    private static ApiClient.Response predict(ClusterNode node, String model, MnistDigits mnist) {
        List<ApiClient.FilePart> files = new ArrayList<>();
        for (int i = FIRST_SERVED; i < FIRST_SERVED + SERVED; i++) {
            files.add(new ApiClient.FilePart("files", i + ".png", "image/png", mnist.png(i)));
        }
        return node.api().postFiles("/api/v1/models/" + model + "/predictions?topK=10", files);
    }

    /** Each digit's ten classes with their probabilities, as the node answered. */
    private static JsonNode predictions(ClusterNode node, String model, MnistDigits mnist) {
        ApiClient.Response response = predict(node, model, mnist);
        assertThat(response.status()).as("%s: %s", node.name(), response.body()).isEqualTo(200);
        assertThat(response.json().get("modelId").stringValue()).isEqualTo(model);
        JsonNode predictions = response.json().get("predictions");
        assertThat(predictions).hasSize(SERVED);
        return predictions;
    }

    private static int correct(JsonNode predictions, MnistDigits mnist) {
        int correct = 0;
        for (int i = 0; i < SERVED; i++) {
            correct += predictions.get(i).at("/top/0/classIndex").intValue() == mnist.label(FIRST_SERVED + i) ? 1 : 0;
        }
        return correct;
    }

    /** The model's row, and its one weights object in the bucket, whose content has the SHA-256 the row records. */
    private static void assertStoredWhole(ClusterNode.Cluster cluster, String model) throws Exception {
        List<String> objects = keys(cluster.bucket(), "models/" + model + "/");
        assertThat(objects).as("the model's weights in the bucket").singleElement()
                .satisfies(key -> assertThat(key).matches("models/" + model + "/[0-9a-f]{64}\\.zip"));
        byte[] content;
        try (S3Client s3 = cluster.bucket().client()) {
            content = s3.getObjectAsBytes(get -> get.bucket(cluster.bucket().bucket()).key(objects.get(0))).asByteArray();
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(objects.get(0)).endsWith("/" + sha256 + ".zip");
        assertThat(recordedSha256(cluster.db(), model)).isEqualTo(sha256);
    }

    private static List<String> keys(S3TestServer.Bucket bucket, String prefix) {
        try (S3Client s3 = bucket.client()) {
            return s3.listObjectsV2(list -> list.bucket(bucket.bucket()).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    private static String recordedSha256(PostgresTestDatabase.Connection db, String model) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
             PreparedStatement query = connection.prepareStatement("SELECT sha256 FROM model_weights WHERE model_id = ?")) {
            query.setString(1, model);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("the model's weights row").isTrue();
                return row.getString(1);
            }
        }
    }

    private static int pickedExecutions(PostgresTestDatabase.Connection db) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM scheduled_tasks WHERE picked = TRUE")) {
            row.next();
            return row.getInt(1);
        }
    }
}
