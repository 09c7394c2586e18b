package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.DigitDrawing;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.S3TestServer;
import dev.convnet.support.TestDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service with {@code convnet.storage.type=s3} against a real S3 server (MinIO or s3proxy): a job trains a small
 * network, its model lands in the bucket, and after the node's cache is emptied a prediction is served from the
 * model read back from the bucket.
 */
class S3StorageEndToEndTest extends PostgresIntegrationTest {

    private static final S3TestServer.Bucket BUCKET = S3TestServer.newBucket();
    private static Path cacheDir;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws IOException {
        BUCKET.register(registry);
        cacheDir = Files.createTempDirectory("convnet-s3-cache-");
        registry.add("convnet.storage.cache.dir", cacheDir::toString);
    }

    @Test
    void aModelTrainedHereIsStoredInTheBucketAndServedFromItAfterTheCacheIsEmptied() throws IOException {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        ApiClient api = api();
        ApiClient.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().at("/components/artifactStorage/status").stringValue()).isEqualTo("UP");
        assertThat(readiness.json().at("/components/artifactStorage/details/location").stringValue())
                .isEqualTo("s3://" + BUCKET.bucket() + "/");
        assertThat(readiness.json().at("/components/db/status").stringValue()).isEqualTo("UP");
        ApiClient.Response uploaded = api.postMultipart("/api/v1/datasets", "file", "mnist-tiny.zip",
                RetrainingKeepsServingEndToEndTest.mnistSubset(200, 50), Map.of("name", "mnist-tiny"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);

        String jobId = submit();
        String modelId = awaitSuccess(jobId);
        await("the finished job's checkpoints deleted from the bucket").atMost(Duration.ofSeconds(10))
                .until(() -> keys("checkpoints/" + jobId + "/").isEmpty());

        List<String> weights = keys("models/" + modelId + "/");
        assertThat(weights).as("the trained model's weights file in the bucket").singleElement()
                .satisfies(key -> assertThat(key).matches("models/" + modelId + "/[0-9a-f]{64}\\.zip"));
        String sha256 = weights.get(0).substring(weights.get(0).lastIndexOf('/') + 1, weights.get(0).length() - ".zip".length());

        emptyCache();
        ApiClient.Response prediction = api.postBytes("/api/v1/models/" + modelId + "/predictions?topK=3", "image/png",
                DigitDrawing.encode(DigitDrawing.blackOnWhite(3, 28, 28), "png"));

        assertThat(prediction.status()).as(prediction.body()).isEqualTo(200);
        assertThat(prediction.json().at("/predictions/0/top")).hasSize(3);
        assertThat(cacheDir.resolve(sha256)).as("the weights, downloaded again into the node's cache").exists();
    }

    private static List<String> keys(String prefix) {
        try (S3Client s3 = BUCKET.client()) {
            return s3.listObjectsV2(list -> list.bucket(BUCKET.bucket()).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    private String submit() {
        ApiClient.Response submitted = api().post("/api/v1/training-jobs", """
                {"model": {"definition": {"name": "tiny-digits", "inputShape": [28, 28, 1], "layers": [
                   {"type": "conv2d", "filters": 2, "kernelSize": 5, "activation": "relu"},
                   {"type": "maxPooling2d", "poolSize": 4}, {"type": "flatten"},
                   {"type": "dense", "units": 10, "activation": "softmax"}]}},
                 "dataset": "mnist-tiny", "epochs": 2, "checkpointEveryEpochs": 1, "batchSize": 50,
                 "optimizer": {"type": "adam"}, "seed": 3}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return submitted.json().get("id").stringValue();
    }

    private String awaitSuccess(String jobId) {
        JsonNode job = await("job " + jobId).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().get("/api/v1/training-jobs/" + jobId).json(),
                        view -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job.get("resultModelId").stringValue();
    }

    private static void emptyCache() throws IOException {
        try (Stream<Path> copies = Files.list(cacheDir)) {
            for (Path copy : copies.toList()) {
                Files.delete(copy);
            }
        }
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertThat(left).isEmpty();
        }
    }
}
