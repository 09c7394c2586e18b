package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.DigitDrawing;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A retraining never interrupts serving by name: a client predicts by name every few milliseconds, over both the
 * REST and the Open Inference endpoints, while a job for the same name is submitted, runs, is cancelled, and another
 * job succeeds. Every answer is a 200 from the version the production alias points at; moving the alias switches
 * the answers over, and they stay switched. Trains a small network on a few hundred real MNIST digits.
 */
class RetrainingKeepsServingEndToEndTest extends PostgresIntegrationTest {

    private static final String NAME = "digits";
    private static final String DEFINITION = """
            {"name": "digits", "inputShape": [28, 28, 1], "layers": [
              {"type": "conv2d", "filters": 4, "kernelSize": 5, "activation": "relu"},
              {"type": "maxPooling2d", "poolSize": 4}, {"type": "flatten"},
              {"type": "dense", "units": 10, "activation": "softmax"}]}""";
    private static final String V2_INPUT = "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\","
            + " \"shape\": [1, 28, 28, 1], \"data\": " + Collections.nCopies(784, "0.5") + "}]}";

    /** One answer seen by the serving client: which endpoint, its status, the version that answered. */
    record Answer(String endpoint, int status, String version, String body) {
    }

    @Test
    void predictionsByNameAnswerThroughRetrainingAndFollowTheProductionAlias() throws Exception {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        ApiClient api = api();
        ApiClient.Response uploaded = api.postMultipart("/api/v1/datasets", "file", "mnist-small.zip", mnistSubset(300, 100),
                Map.of("name", "mnist-small"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);

        // Version 1 is the job's untrained starting point, version 2 its result.
        JsonNode first = awaitState(submit(2), "SUCCEEDED");
        int trained = version(first.get("resultModelId").stringValue());
        assertThat(trained).isEqualTo(2);
        assertThat(alias("production", trained).status()).isEqualTo(200);

        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> serve(answers, stop), "serving-client");
        client.start();
        String cancelled = null;
        try {
            cancelled = submit(1000);
            awaitState(cancelled, "RUNNING");
            int duringRun = answers.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() > duringRun + 20);
            assertThat(api.post("/api/v1/training-jobs/" + cancelled + "/cancel", "").status()).isEqualTo(200);
            awaitState(cancelled, "CANCELLED");

            JsonNode second = awaitState(submit(1), "SUCCEEDED");
            int retrained = version(second.get("resultModelId").stringValue());
            assertThat(retrained).isEqualTo(5); // 3: the cancelled job's starting point, 4: this job's
            int beforeSwitch = answers.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() > beforeSwitch + 20);
            assertThat(versionsOf(answers)).as("the alias holds serving on version 2").containsOnly("2");

            assertThat(alias("production", retrained).status()).isEqualTo(200);
            int switched = answers.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() > switched + 50);
        } finally {
            stop.set(true);
            client.join(Duration.ofSeconds(30).toMillis());
            if (cancelled != null) { // a failed assertion must not leave a 1000-epoch job holding the shared context's slot
                api.post("/api/v1/training-jobs/" + cancelled + "/cancel", "");
            }
        }

        List<Answer> seen;
        synchronized (answers) {
            seen = List.copyOf(answers);
        }
        System.out.printf("Serving client: %d answers (%d REST, %d v2 infer, %d v2 ready), none other than 200%n",
                seen.size(), count(seen, "rest"), count(seen, "v2"), count(seen, "ready"));
        assertThat(seen.stream().filter(a -> a.status() != 200).toList()).as("answers other than 200").isEmpty();
        assertThat(seen).hasSizeGreaterThan(90); // the awaits above: 20 while running, 20 before and 50 after the switch
        assertThat(seen).extracting(Answer::endpoint).contains("rest", "v2", "ready");
        // Each endpoint answered from version 2 until the alias moved, then from version 5 only.
        for (String endpoint : List.of("rest", "v2")) {
            List<String> versions = seen.stream().filter(a -> a.endpoint().equals(endpoint)).map(Answer::version).toList();
            int firstNew = versions.indexOf("5");
            assertThat(firstNew).as(endpoint + " switched to version 5").isPositive();
            assertThat(versions.subList(0, firstNew)).containsOnly("2");
            assertThat(versions.subList(firstNew, versions.size())).containsOnly("5").hasSizeGreaterThan(10);
        }

        // Explicit versions are served as they are: the untrained starting points still say so.
        ApiClient.Response untrained = api.postBytes("/api/v1/models/by-name/" + NAME + "/versions/3/predictions",
                "image/png", digit());
        assertThat(untrained.status()).isEqualTo(409);

        // Without the alias, the newest version with weights serves: still 5, never the untrained 3 or 4.
        assertThat(api.delete("/api/v1/models/by-name/" + NAME + "/aliases/production").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/models/by-name/" + NAME + "/aliases").json().get("aliases").isEmpty()).isTrue();
        assertThat(predictRest().version()).isEqualTo("5");
    }

    private void serve(List<Answer> answers, AtomicBoolean stop) {
        ApiClient api = api();
        while (!stop.get()) {
            answers.add(predictRest());
            ApiClient.Response infer = api.post("/v2/models/" + NAME + "/infer", V2_INPUT);
            answers.add(new Answer("v2", infer.status(), infer.status() == 200
                    ? infer.json().get("model_version").stringValue() : null, infer.body()));
            ApiClient.Response ready = api.get("/v2/models/" + NAME + "/ready");
            answers.add(new Answer("ready", ready.status(), null, ready.body()));
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Answer predictRest() {
        ApiClient.Response response = api().postBytes("/api/v1/models/by-name/" + NAME + "/predictions", "image/png", digit());
        return new Answer("rest", response.status(), response.status() == 200
                ? Integer.toString(response.json().get("modelVersion").intValue()) : null, response.body());
    }

    private static long count(List<Answer> answers, String endpoint) {
        return answers.stream().filter(a -> a.endpoint().equals(endpoint)).count();
    }

    private static List<String> versionsOf(List<Answer> answers) {
        synchronized (answers) {
            return answers.stream().map(Answer::version).filter(v -> v != null).toList();
        }
    }

    private static byte[] digit() {
        return DigitDrawing.encode(DigitDrawing.blackOnWhite(3, 28, 28), "png");
    }

    private String submit(int epochs) {
        ApiClient.Response response = api().post("/api/v1/training-jobs", "{\"model\": {\"definition\": " + DEFINITION
                + "}, \"dataset\": \"mnist-small\", \"epochs\": " + epochs + ", \"batchSize\": 32,"
                + " \"optimizer\": {\"type\": \"adam\"}, \"seed\": 7}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").stringValue();
    }

    private JsonNode awaitState(String id, String state) {
        JsonNode job = await("job " + id + " reaching " + state).atMost(Duration.ofMinutes(3))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/api/v1/training-jobs/" + id).json(),
                        view -> view.get("state").stringValue().equals(state)
                                || List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo(state);
        return job;
    }

    private int version(String modelId) {
        return api().get("/api/v1/models/" + modelId).json().get("version").intValue();
    }

    private ApiClient.Response alias(String alias, int version) {
        return api().put("/api/v1/models/by-name/" + NAME + "/aliases/" + alias, "{\"version\": " + version + "}");
    }

    /** The first {@code train + test} digits of MNIST's test file, as an uploaded dataset in class folders. */
    static byte[] mnistSubset(int train, int test) throws IOException {
        return MnistDigits.load().zip(train, test);
    }
}
