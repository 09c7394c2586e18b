package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A full queue answers 503 with Retry-After at once, and the service keeps serving the requests it took. */
@TestPropertySource(properties = {"convnet.inference.queue-capacity=1", "convnet.inference.workers-per-model=1",
        "convnet.inference.max-batch-size=1"})
class InferenceQueueEndToEndTest extends PostgresIntegrationTest {

    @Test
    void fullQueueAnswers503WithRetryAfter() throws Exception {
        ApiClient api = api();
        String id = api.post("/api/v1/presets/cifar10-cnn/models", "").json().get("id").stringValue();
        // 64 images per request: each takes the only worker for a while, so a burst overflows the queue of one.
        String batch = "{\"inputs\": {\"shape\": [64, 32, 32, 3], \"data\": [" + "0.5,".repeat(64 * 32 * 32 * 3 - 1) + "0.5]}}";
        int clients = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<ApiClient.Response> responses = new ArrayList<>();
        try {
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> new ApiClient(port).post("/api/v1/models/" + id + "/predict", batch)));
            }
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<ApiClient.Response> rejected = responses.stream().filter(r -> r.status() == 503).toList();
        List<ApiClient.Response> served = responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(rejected).as("some requests found the queue full").isNotEmpty();
        assertThat(served).as("the running and the queued request were served").hasSizeGreaterThanOrEqualTo(2);
        assertThat(rejected.size() + served.size()).isEqualTo(clients);
        ApiClient.Response first = rejected.get(0);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.json().get("detail").stringValue()).contains("queue-capacity");
        assertThat(served.get(0).json().get("shape").toString()).isEqualTo("[64,10]");

        assertThat(api.post("/api/v1/models/" + id + "/predict", batch).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("convnet_inference_requests_total\\{engine=\"onnxruntime\",model=\"cifar10_cnn\",outcome=\"overloaded\",version=\"1\"} [1-9]");
    }
}
