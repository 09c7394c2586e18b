package dev.convnet.e2e;

import dev.convnet.engine.onnx.OnnxSessionMemory;
import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ONNX Runtime sessions count in the loaded models' memory: loading a model charges its session's estimate (from the
 * initializers of the ONNX model the service exports), loading one that does not fit beside it unloads it, and
 * deleting a model releases its charge once its session is closed. LeNet-5's session is estimated at 5.2 MB, the
 * CIFAR-10 CNN's at 10.5 MB: 12 MB holds either, not both.
 */
@TestPropertySource(properties = "convnet.limits.loaded-models-memory=12MB")
class ServingMemoryEndToEndTest extends PostgresIntegrationTest {

    private static final String DIGIT = "{\"inputs\": {\"shape\": [1, 28, 28, 1], \"data\": [" + "0.3,".repeat(28 * 28 - 1) + "0.3]}}";
    private static final String PHOTO = "{\"inputs\": {\"shape\": [1, 32, 32, 3], \"data\": [" + "0.6,".repeat(32 * 32 * 3 - 1) + "0.6]}}";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void sessionsAreChargedWhenLoadedAndReleasedWhenEvictedOrDeleted() {
        ApiClient api = api();
        JsonNode digits = api.post("/api/v1/presets/lenet5/models", "").json();
        JsonNode photos = api.post("/api/v1/presets/cifar10-cnn/models", "").json();
        long digitsBytes = estimate(api, digits);
        long photosBytes = estimate(api, photos);
        assertThat(digitsBytes).isLessThan(12L << 20);
        assertThat(photosBytes).isLessThan(12L << 20);
        assertThat(digitsBytes + photosBytes).as("both do not fit").isGreaterThan(12L << 20);
        assertThat(metric(api, "convnet.inference.memory.budget")).isEqualTo(12L << 20);
        long before = metric(api, "convnet.inference.memory.used");

        predict(api, digits, DIGIT);
        assertThat(metric(api, "convnet.inference.memory.used")).isEqualTo(before + digitsBytes);
        assertThat(modelMetric(api, digits)).isEqualTo(digitsBytes);

        predict(api, photos, PHOTO);
        // LeNet-5 was unloaded to make room; its charge goes once its workers end and close its session
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(metric(api, "convnet.inference.memory.used")).isEqualTo(before + photosBytes));
        assertThat(modelMetric(api, photos)).isEqualTo(photosBytes);
        assertThat(api.get(modelMetricPath(digits)).status()).as("the unloaded model's gauge is gone").isEqualTo(404);

        assertThat(api.delete("/api/v1/models/" + photos.get("id").stringValue()).status()).isEqualTo(204);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(metric(api, "convnet.inference.memory.used")).isEqualTo(before));

        predict(api, digits, DIGIT);
        assertThat(metric(api, "convnet.inference.memory.used")).as("an unloaded model loads again on demand")
                .isEqualTo(before + digitsBytes);
    }

    /** The session estimate of the model's ONNX export, as the service downloads it. */
    private static long estimate(ApiClient api, JsonNode model) {
        ApiClient.BinaryResponse onnx = api.getBytes("/api/v1/models/" + model.get("id").stringValue() + "/download?format=onnx");
        assertThat(onnx.status()).isEqualTo(200);
        long bytes = OnnxSessionMemory.estimateBytes(onnx.body());
        assertThat(bytes).isEqualTo(2 * OnnxSessionMemory.initializerBytes(onnx.body()) + OnnxSessionMemory.SESSION_OVERHEAD_BYTES);
        return bytes;
    }

    private static void predict(ApiClient api, JsonNode model, String body) {
        ApiClient.Response response = api.post("/api/v1/models/" + model.get("id").stringValue() + "/predict", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static long metric(ApiClient api, String name) {
        ApiClient.Response response = api.get("/actuator/metrics/" + name);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return (long) response.json().at("/measurements/0/value").doubleValue();
    }

    private static String modelMetricPath(JsonNode model) {
        return "/actuator/metrics/convnet.inference.model.memory?tag=model:" + model.get("name").stringValue()
                + "&tag=version:" + model.get("version").intValue() + "&tag=engine:onnxruntime";
    }

    private static long modelMetric(ApiClient api, JsonNode model) {
        ApiClient.Response response = api.get(modelMetricPath(model));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return (long) response.json().at("/measurements/0/value").doubleValue();
    }
}
