package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of loaded models: new weights serve at once, and no more than max-loaded-models stay loaded. */
@TestPropertySource(properties = "convnet.inference.max-loaded-models=1")
class LoadedModelsEndToEndTest extends PostgresIntegrationTest {

    private static final String DIGIT = "{\"inputs\": {\"shape\": [1, 28, 28, 1], \"data\": [" + "0.3,".repeat(28 * 28 - 1) + "0.3]}}";
    private static final String PHOTO = "{\"inputs\": {\"shape\": [1, 32, 32, 3], \"data\": [" + "0.6,".repeat(32 * 32 * 3 - 1) + "0.6]}}";

    @Test
    void newWeightsServeAtOnceWithoutARestart() {
        ApiClient api = api();
        String id = api.post("/api/v1/presets/lenet5/models", "").json().get("id").stringValue();
        JsonNode initial = api.get("/api/v1/models/" + id + "/weights").json();
        assertThat(api.put("/api/v1/models/" + id + "/weights", initial.toString()).status()).isEqualTo(200);
        List<Double> before = outputs(api, id, DIGIT);

        // The output layer's bias: +8 on class 7 makes it the answer whatever the rest says.
        ObjectNode changed = (ObjectNode) initial.deepCopy();
        ArrayNode weights = (ArrayNode) changed.get("weights");
        ArrayNode outputBias = (ArrayNode) weights.get(weights.size() - 1);
        outputBias.set(7, outputBias.get(7).doubleValue() + 8);
        assertThat(api.put("/api/v1/models/" + id + "/weights", changed.toString()).status()).isEqualTo(200);
        List<Double> after = outputs(api, id, DIGIT);

        assertThat(after.get(7)).isGreaterThan(0.9).isGreaterThan(before.get(7));
        assertThat(api.put("/api/v1/models/" + id + "/weights", initial.toString()).status()).isEqualTo(200);
        assertThat(outputs(api, id, DIGIT)).as("the first weights again give the first answer").isEqualTo(before);
    }

    @Test
    void atMostMaxLoadedModelsStayLoaded() throws Exception {
        ApiClient api = api();
        JsonNode digits = api.post("/api/v1/presets/lenet5/models", "").json();
        JsonNode photos = api.post("/api/v1/presets/cifar10-cnn/models", "").json();
        String digitsId = digits.get("id").stringValue();
        String photosId = photos.get("id").stringValue();

        // Other test classes' application contexts live on in this JVM with models of the same name and version.
        Set<Thread> elsewhere = workerThreads(digits);
        List<Double> digitsFirst = outputs(api, digitsId, DIGIT);
        assertThat(loaded(api)).containsExactly(gauge(digits));
        Set<Thread> digitsWorkers = new HashSet<>(workerThreads(digits));
        digitsWorkers.removeAll(elsewhere);
        assertThat(digitsWorkers).as("the model's own worker threads").isNotEmpty();

        List<Double> photosFirst = outputs(api, photosId, PHOTO);
        assertThat(loaded(api)).as("loading the second model retired the first").containsExactly(gauge(photos));
        awaitEnded(digitsWorkers);

        assertThat(outputs(api, digitsId, DIGIT)).as("an evicted model loads again on demand").isEqualTo(digitsFirst);
        assertThat(loaded(api)).containsExactly(gauge(digits));
        assertThat(outputs(api, photosId, PHOTO)).isEqualTo(photosFirst);
    }

    private static List<Double> outputs(ApiClient api, String id, String body) {
        ApiClient.Response response = api.post("/api/v1/models/" + id + "/predict", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode row = response.json().get("outputs").get(0);
        return row.valueStream().map(JsonNode::doubleValue).toList();
    }

    /** The queue-depth gauges in /actuator/prometheus: one per loaded model. */
    private static List<String> loaded(ApiClient api) {
        return api.get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("convnet_inference_queue_depth{"))
                .map(line -> line.substring(0, line.indexOf('}') + 1)).toList();
    }

    private static String gauge(JsonNode model) {
        return "convnet_inference_queue_depth{engine=\"onnxruntime\",model=\"" + model.get("name").stringValue() + "\",version=\""
                + model.get("version").intValue() + "\"}";
    }

    private static void awaitEnded(Set<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(10).toMillis());
            assertThat(thread.isAlive()).as("worker thread " + thread.getName() + " of the evicted model ends").isFalse();
        }
    }

    private static Set<Thread> workerThreads(JsonNode model) {
        String prefix = "inference-" + model.get("name").stringValue() + "-v" + model.get("version").intValue() + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
