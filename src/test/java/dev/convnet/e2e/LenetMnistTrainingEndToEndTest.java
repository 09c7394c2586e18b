package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lesson's LeNet-5 experiment over HTTP on real MNIST: one epoch of plain SGD 0.01, batch 128. The lesson
 * reached 0.9069 test accuracy; we require at least 0.88. Progress is read from the actuator while it runs.
 */
class LenetMnistTrainingEndToEndTest extends PostgresIntegrationTest {

    @Test
    void lessonLenetReachesTheLessonsAccuracyWithLiveMetrics() throws Exception {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        ApiClient api = api();
        ApiClient.Response submitted = api.post("/api/v1/training-jobs", """
                {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 1, "batchSize": 128,
                 "optimizer": {"type": "sgd", "learningRate": 0.01}, "validation": {"mode": "test"}, "seed": 42}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().get("id").stringValue();
        assertThat(submitted.location()).isEqualTo("/api/v1/training-jobs/" + jobId);

        // Each look at the job while it runs also looks for its live metrics, until they have been seen once.
        AtomicBoolean sawLiveMetric = new AtomicBoolean();
        JsonNode job = await("job " + jobId + " ending").atMost(Duration.ofMinutes(15))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/training-jobs/" + jobId).json(), view -> {
                    String state = view.get("state").stringValue();
                    if (state.equals("RUNNING") && !sawLiveMetric.get()) {
                        ApiClient.Response metric = api.get("/actuator/metrics/convnet.training.iteration?tag=job:" + jobId);
                        if (metric.status() == 200 && metric.json().at("/measurements/0/value").doubleValue() > 0) {
                            sawLiveMetric.set(true);
                            assertThat(metric.json().toString()).contains("lenet5");
                            assertThat(api.get("/actuator/prometheus").body()).contains("convnet_training_loss{job=\"" + jobId + "\"");
                        }
                    }
                    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
                });
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(sawLiveMetric.get()).as("progress visible in /actuator/metrics while running").isTrue();
        assertThat(job.get("history")).hasSize(1);
        assertThat(job.at("/history/0/validationAccuracy").doubleValue()).isGreaterThanOrEqualTo(0.88);
        assertThat(job.at("/history/0/accuracy").doubleValue()).isGreaterThan(0.5);

        // Gauges of a finished job are gone; the outcome counter stays.
        assertThat(api.get("/actuator/metrics/convnet.training.iteration?tag=job:" + jobId).status()).isEqualTo(404);
        assertThat(api.get("/actuator/prometheus").body()).contains("convnet_training_jobs_total{outcome=\"succeeded\"}");

        String modelId = job.get("resultModelId").stringValue();
        JsonNode model = api.get("/api/v1/models/" + modelId).json();
        assertThat(model.get("kind").stringValue()).isEqualTo("TRAINED");
        assertThat(model.at("/lineage/dataset").stringValue()).isEqualTo("mnist");
        assertThat(model.at("/lineage/trainingJobId").stringValue()).isEqualTo(jobId);
        assertThat(model.at("/lineage/classNames")).hasSize(10);

        JsonNode evaluation = api.get("/api/v1/models/" + modelId + "/evaluation").json();
        assertThat(evaluation.at("/report/accuracy").doubleValue()).isGreaterThanOrEqualTo(0.88);
        assertThat(sum(evaluation.at("/report/confusionMatrix"))).isEqualTo(10_000);
        assertThat(evaluation.at("/report/perClass")).hasSize(10);
        assertThat(evaluation.at("/report/topKAccuracy").doubleValue()).isGreaterThan(evaluation.at("/report/accuracy").doubleValue());

        JsonNode again = api.post("/api/v1/models/" + modelId + "/evaluation", "").json();
        assertThat(again.at("/report/accuracy").doubleValue()).isEqualTo(evaluation.at("/report/accuracy").doubleValue());
        assertThat(sum(again.at("/report/confusionMatrix"))).isEqualTo(10_000);
    }

    private static long sum(JsonNode matrix) {
        return StreamSupport.stream(matrix.spliterator(), false)
                .flatMap(row -> StreamSupport.stream(row.spliterator(), false))
                .mapToLong(JsonNode::longValue).sum();
    }
}
