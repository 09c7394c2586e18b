package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Training jobs over HTTP on a small uploaded dataset: outcome, events, cancel, queue order, divergence, bad jobs. */
class TrainingJobsEndToEndTest extends PostgresIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String SMALL_MODEL = """
            {"name": "leftright_cnn", "inputShape": [8, 8, 1], "layers": [
              {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPooling2d"}, {"type": "flatten"},
              {"type": "dense", "units": 2, "activation": "softmax"}]}""";

    @BeforeEach
    void uploadDataset() {
        if (api().get("/api/v1/datasets/leftright").status() == 404) {
            ApiClient.Response uploaded = api().postMultipart("/api/v1/datasets", "file", "leftright.zip",
                    TestDatasets.leftRightZip(64, 16, 1), Map.of("name", "leftright"));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        }
    }

    private String job(int epochs, double learningRate, String extra) {
        return "{\"model\": {\"definition\": " + SMALL_MODEL + "}, \"dataset\": \"leftright\", \"epochs\": " + epochs
                + ", \"batchSize\": 8, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": " + learningRate + "}, \"seed\": 3"
                + extra + "}";
    }

    private String submit(String body) {
        ApiClient.Response response = api().post("/api/v1/training-jobs", body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").stringValue();
    }

    private JsonNode awaitState(String id, String... states) {
        return await("job " + id + " reaching " + String.join("/", states)).atMost(Duration.ofMinutes(3))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/api/v1/training-jobs/" + id).json(),
                        job -> List.of(states).contains(job.get("state").stringValue()));
    }

    @Test
    void uploadedDatasetIsListedWithBuiltIns() {
        JsonNode datasets = api().get("/api/v1/datasets").json();
        assertThat(datasets.findValuesAsString("name")).contains("mnist", "fashion-mnist", "cifar-10", "cifar-100", "leftright");
        JsonNode leftright = api().get("/api/v1/datasets/leftright").json();
        assertThat(leftright.get("trainSize").intValue()).isEqualTo(128);
        assertThat(leftright.get("testSize").intValue()).isEqualTo(32);
        assertThat(leftright.get("classes").findValuesAsString("name")).containsExactly("left", "right");
        JsonNode cifar = api().get("/api/v1/datasets/cifar-10").json();
        assertThat(cifar.get("available").booleanValue()).isFalse();
    }

    @Test
    void aSmallJobTrainsStoresAndEvaluatesItsModelAndStreamsEvents() throws Exception {
        String id = submit(job(3, 0.1, ", \"augmentation\": {\"widthShiftRange\": 0.1, \"fillMode\": \"nearest\"}"));
        List<String> events = new ArrayList<>();
        Map<String, List<Integer>> epochsByEvent = new java.util.HashMap<>();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(api().authorized(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/training-jobs/" + id + "/events")).build()),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).strip());
                } else if (line.startsWith("data:") && List.of("epoch", "iteration").contains(events.get(events.size() - 1))) {
                    epochsByEvent.computeIfAbsent(events.get(events.size() - 1), name -> new ArrayList<>())
                            .add(JSON.readTree(line.substring(5)).get("epoch").intValue());
                }
            }
        }
        assertThat(events).first().isEqualTo("job");
        assertThat(events).contains("epoch").last().isEqualTo("state");

        JsonNode job = awaitState(id, "SUCCEEDED", "FAILED");
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("history")).hasSize(3);
        // one numbering, from 1, in the view, its history and the events
        assertThat(job.get("epoch").intValue()).isEqualTo(3);
        assertThat(job.get("history").findValues("epoch").stream().map(JsonNode::intValue)).containsExactly(1, 2, 3);
        assertThat(epochsByEvent.get("epoch")).isSubsetOf(1, 2, 3).isNotEmpty();
        assertThat(epochsByEvent.getOrDefault("iteration", List.of())).allSatisfy(epoch -> assertThat(epoch).isBetween(1, 3));
        assertThat(job.at("/history/2/validationAccuracy").doubleValue()).as(job.toString()).isGreaterThan(0.8);
        assertThat(job.get("estimatedRemainingSeconds").doubleValue()).isZero();
        String modelId = job.get("resultModelId").stringValue();
        JsonNode evaluation = api().get("/api/v1/models/" + modelId + "/evaluation").json();
        assertThat(evaluation.at("/report/examples").intValue()).isEqualTo(32);
        JsonNode model = api().get("/api/v1/models/" + modelId).json();
        assertThat(model.get("version").intValue()).isGreaterThanOrEqualTo(2); // the definition itself is version 1
    }

    @Test
    void aDivergingRunFailsAtOnceWithTheReason() throws Exception {
        JsonNode job = awaitState(submit(job(200, 1e30, "")), "FAILED", "SUCCEEDED");
        assertThat(job.get("state").stringValue()).isEqualTo("FAILED");
        assertThat(job.get("error").stringValue()).contains("diverged");
        assertThat(job.get("history").size()).isLessThan(200);
        assertThat(api().get("/actuator/prometheus").body()).contains("convnet_training_jobs_total{outcome=\"failed\"}");
    }

    @Test
    void cancelStopsARunningJobAndASecondCancelIsAConflict() throws Exception {
        String id = submit(job(1000, 0.01, ""));
        awaitState(id, "RUNNING");
        ApiClient.Response cancelled = api().post("/api/v1/training-jobs/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode job = awaitState(id, "CANCELLED");
        assertThat(job.get("resultModelId").isNull()).isTrue();
        assertThat(job.get("history").size()).isLessThan(1000);
        ApiClient.Response again = api().post("/api/v1/training-jobs/" + id + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void jobsQueueBehindTheConcurrencyLimitAndStartInOrder() throws Exception {
        List<String> ids = List.of(submit(job(1000, 0.01, "")), submit(job(1000, 0.01, "")), submit(job(1000, 0.01, "")));
        awaitState(ids.get(0), "RUNNING");
        for (int check = 0; check < 10; check++) {
            long running = ids.stream().filter(id -> api().get("/api/v1/training-jobs/" + id).json()
                    .get("state").stringValue().equals("RUNNING")).count();
            assertThat(running).isLessThanOrEqualTo(1);
            Thread.sleep(50);
        }
        assertThat(api().get("/api/v1/training-jobs/" + ids.get(1)).json().get("state").stringValue()).isEqualTo("QUEUED");
        assertThat(api().get("/api/v1/training-jobs/" + ids.get(2)).json().get("state").stringValue()).isEqualTo("QUEUED");

        api().post("/api/v1/training-jobs/" + ids.get(0) + "/cancel", "");
        awaitState(ids.get(1), "RUNNING");
        assertThat(api().get("/api/v1/training-jobs/" + ids.get(2)).json().get("state").stringValue()).isEqualTo("QUEUED");
        api().post("/api/v1/training-jobs/" + ids.get(2) + "/cancel", "");
        api().post("/api/v1/training-jobs/" + ids.get(1) + "/cancel", "");
        assertThat(awaitState(ids.get(2), "CANCELLED").get("startedAt").isNull()).isTrue();
        awaitState(ids.get(1), "CANCELLED");
    }

    @Test
    void aJobCancelledWhileQueuedIsCountedAsCancelled() {
        String running = submit(job(1000, 0.01, ""));
        awaitState(running, "RUNNING");
        String queued = submit(job(1000, 0.01, ""));
        assertThat(api().get("/api/v1/training-jobs/" + queued).json().get("state").stringValue()).isEqualTo("QUEUED");
        double before = jobsTotal("cancelled");

        assertThat(api().post("/api/v1/training-jobs/" + queued + "/cancel", "").status()).isEqualTo(200);

        assertThat(jobsTotal("cancelled")).isEqualTo(before + 1);
        assertThat(awaitState(queued, "CANCELLED").get("startedAt").isNull()).isTrue();
        api().post("/api/v1/training-jobs/" + running + "/cancel", "");
        awaitState(running, "CANCELLED");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobsTotal("cancelled") == before + 2);
    }

    /** convnet_training_jobs_total for one outcome, as Prometheus scrapes it; 0 before the first such job. */
    private double jobsTotal(String outcome) {
        String prefix = "convnet_training_jobs_total{outcome=\"" + outcome + "\"} ";
        return api().get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).strip())).findFirst().orElse(0);
    }

    @Test
    void invalidJobsAreRefusedNamingTheFieldAndNothingIsQueued() {
        int before = api().get("/api/v1/training-jobs").json().size();
        Map<String, String> cases = Map.of(
                "{\"model\": {\"preset\": \"lenet5\"}, \"dataset\": \"leftright\"}", "/model",
                "{\"model\": {\"preset\": \"lenet5\"}, \"dataset\": \"no-such-data\"}", "/dataset",
                job(0, 0.01, ""), "/epochs",
                job(1, -1, ""), "/optimizer/learningRate",
                "{\"model\": {\"definition\": " + SMALL_MODEL + "}, \"dataset\": \"leftright\", \"optimizer\": {\"type\": \"lbfgs\"}}", "/optimizer/type",
                job(1, 0.01, ", \"validation\": {\"mode\": \"split\"}"), "/validation/fraction",
                job(1, 0.01, ", \"augmentation\": {\"fillMode\": \"mirror\"}"), "/augmentation/fillMode",
                "{\"model\": {\"preset\": \"lenet5\", \"id\": \"9b2f3e4a-1111-2222-3333-444455556666\"}, \"dataset\": \"mnist\"}", "/model");
        cases.forEach((body, field) -> {
            ApiClient.Response response = api().post("/api/v1/training-jobs", body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.json().get("field").stringValue()).as(response.body()).isEqualTo(field);
        });
        assertThat(api().get("/api/v1/training-jobs").json().size()).isEqualTo(before);
    }

    @Test
    void aJobOnAnAbsentDatasetIsAConflictSayingWhereToPutWhichFiles() {
        ApiClient.Response response = api().post("/api/v1/training-jobs",
                "{\"model\": {\"preset\": \"cifar10-cnn\"}, \"dataset\": \"cifar-10\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.json().get("detail").stringValue()).contains("data_batch_1.bin");
        assertThat(response.json().get("reason").stringValue()).isEqualTo("ABSENT");
    }

    @Test
    void hostileUploadsAreRefusedAndLeaveNothingBehind() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("../escape/evil.png"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        ApiClient.Response response = api().postMultipart("/api/v1/datasets", "file", "evil.zip", bytes.toByteArray(),
                Map.of("name", "evil"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(api().get("/api/v1/datasets/evil").status()).isEqualTo(404);
    }
}
