package dev.convnet.e2e;

import dev.convnet.common.Tensor;
import dev.convnet.dataset.IdxReader;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.onnx.OnnxRuntimeNetwork;
import dev.convnet.store.StoredNetworks;
import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import dev.convnet.definition.InputShape;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ONNX Runtime as the serving engine, over HTTP: a LeNet-5 trained on real MNIST answers through ONNX Runtime with
 * the classes and probabilities (to 1e-5) of the DL4J serving network built from the same stored model; metrics name
 * the engine; the model downloads as ONNX and that file answers the same; a network the export refuses is served by
 * DL4J.
 */
@TestPropertySource(properties = "convnet.inference.engine=onnxruntime")
class OnnxServingEndToEndTest extends PostgresIntegrationTest {

    private static final int IMAGES = 32;

    @Autowired
    StoredNetworks stored;

    @Autowired
    NetworkCompiler compiler;

    @Test
    void aTrainedLenetAnswersThroughOnnxRuntimeAsDl4jDoes() throws Exception {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        ApiClient api = api();
        UUID modelId = trainLenetBriefly(api);
        Tensor digits = mnistTestDigits();

        ApiClient.Response served = api.post("/api/v1/models/" + modelId + "/predict",
                "{\"inputs\": {\"shape\": [" + IMAGES + ", 28, 28, 1], \"data\": " + java.util.Arrays.toString(digits.data()) + "}}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        JsonNode outputs = served.json().get("outputs");
        Tensor dl4j = compiler.forServing(stored.load(modelId)).predict(digits);

        for (int row = 0; row < IMAGES; row++) {
            assertThat(argmax(outputs.get(row))).as("class of image %d", row).isEqualTo(argmax(dl4j, row));
            for (int k = 0; k < 10; k++) {
                assertThat(outputs.get(row).get(k).doubleValue()).as("image %d, class %d", row, k)
                        .isCloseTo(dl4j.data()[row * 10 + k], org.assertj.core.api.Assertions.within(1e-5));
            }
        }
        String prometheus = api.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("convnet_inference_requests_total{engine=\"onnxruntime\",model=\"lenet5\",outcome=\"ok\"");
        assertThat(prometheus).contains("convnet_inference_latency_seconds_count{engine=\"onnxruntime\",model=\"lenet5\"");

        ApiClient.BinaryResponse file = api.getBytes("/api/v1/models/" + modelId + "/download?format=onnx");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(file.header("Content-Disposition")).contains(".onnx");
        assertThat(file.header("X-Checksum-SHA256")).isEqualTo(dev.convnet.common.Sha256.hex(file.body()));
        try (OnnxRuntimeNetwork downloaded = OnnxRuntimeNetwork.open(file.body(), new InputShape(28, 28, 1), 1)) {
            Tensor again = downloaded.predict(digits);
            for (int i = 0; i < again.data().length; i++) {
                assertThat((double) again.data()[i]).isCloseTo(outputs.get(i / 10).get(i % 10).doubleValue(),
                        org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    @Test
    void aNetworkTheExportRefusesIsServedByDl4jAndItsOnnxDownloadIs409() {
        ApiClient api = api();
        JsonNode model = api.post("/api/v1/models", """
                {"name": "pixel_softmax", "inputShape": [2, 2, 1], "layers": [
                  {"type": "conv2d", "filters": 2, "kernelSize": 1, "activation": "softmax"}]}""").json();
        String id = model.get("id").stringValue();
        assertThat(api.put("/api/v1/models/" + id + "/weights", "[[[[[1.0, -1.0]]]], [0.0, 0.5]]").status()).isEqualTo(200);

        ApiClient.Response served = api.post("/api/v1/models/" + id + "/predict",
                "{\"inputs\": [[[[0.0], [1.0]], [[2.0], [3.0]]]]}");

        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.json().at("/shape").toString()).isEqualTo("[1,2,2,2]");
        assertThat(api.get("/actuator/prometheus").body())
                .contains("convnet_inference_requests_total{engine=\"dl4j\",model=\"pixel_softmax\",outcome=\"ok\"");
        ApiClient.Response refused = api.get("/api/v1/models/" + id + "/download?format=onnx");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").stringValue()).contains("softmax");
        ApiClient.Response unknown = api.get("/api/v1/models/" + id + "/download?format=tflite");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").stringValue()).isEqualTo("format");
    }

    /** LeNet-5 on MNIST for at least 40 batches of SGD, then cancelled keeping the partly trained model (or the whole epoch). */
    private static UUID trainLenetBriefly(ApiClient api) {
        ApiClient.Response submitted = api.post("/api/v1/training-jobs", """
                {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 1, "batchSize": 64,
                 "optimizer": {"type": "sgd", "learningRate": 0.05}, "validation": {"mode": "none"}, "seed": 7,
                 "keepPartialModelOnCancel": true}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String job = submitted.json().get("id").stringValue();
        JsonNode running = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/v1/training-jobs/" + job).json(), view -> !view.get("state").stringValue().equals("QUEUED")
                        && (!view.get("state").stringValue().equals("RUNNING") || view.path("iteration").asInt(0) >= 40));
        if (running.get("state").stringValue().equals("RUNNING")) {
            assertThat(api.post("/api/v1/training-jobs/" + job + "/cancel", "").status()).isIn(200, 409); // 409: it just ended
        }
        JsonNode cancelled = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/v1/training-jobs/" + job).json(), view -> !view.get("resultModelId").isNull());
        return UUID.fromString(cancelled.get("resultModelId").stringValue());
    }

    private static Tensor mnistTestDigits() throws Exception {
        IdxReader.IdxArray images = IdxReader.readArray(TestDatasets.sharedDatasetsDir().resolve("mnist").resolve("t10k-images-idx3-ubyte.gz"));
        float[] pixels = new float[IMAGES * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images.data()[i] & 0xff) / 255f;
        }
        return new Tensor(new int[] {IMAGES, 28, 28, 1}, pixels);
    }

    private static int argmax(JsonNode row) {
        int best = 0;
        for (int k = 1; k < row.size(); k++) {
            if (row.get(k).doubleValue() > row.get(best).doubleValue()) {
                best = k;
            }
        }
        return best;
    }

    private static int argmax(Tensor outputs, int row) {
        int best = 0;
        for (int k = 1; k < 10; k++) {
            if (outputs.data()[row * 10 + k] > outputs.data()[row * 10 + best]) {
                best = k;
            }
        }
        return best;
    }
}
