package dev.convnet.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.convnet.ConvnetServiceApplication;
import dev.convnet.dataset.BuiltInDatasets;
import dev.convnet.dataset.DatasetLocator;
import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresTestDatabase;
import dev.convnet.support.S3TestServer;
import dev.convnet.support.TestDatasets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes on one database and one S3 bucket (MinIO or s3proxy), each with its own empty data, datasets and cache
 * directories: A (api, serving) takes a dataset upload and downloads MNIST from a local mirror; B (training, with
 * an unreachable download URL) trains on the uploaded dataset and gets MNIST, both only from the bucket.
 */
class DatasetStorageEndToEndTest {

    private static final S3TestServer.Bucket BUCKET = S3TestServer.newBucket();
    private static final AtomicInteger MIRROR_REQUESTS = new AtomicInteger();
    private static HttpServer mirror;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static Path datasetsB;

    @BeforeAll
    static void startNodes() throws IOException {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/mnist/", exchange -> {
            MIRROR_REQUESTS.incrementAndGet();
            Path file = TestDatasets.sharedDatasetsDir().resolve("mnist")
                    .resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        mirror.start();
        PostgresTestDatabase.Connection db = PostgresTestDatabase.sharedDatabase("dataset-storage");
        nodeA = start(db, "api,serving", "http://127.0.0.1:" + mirror.getAddress().getPort() + "/mnist/");
        datasetsB = Files.createTempDirectory("convnet-datasets-b-");
        nodeB = start(db, datasetsB, "api,training", "http://127.0.0.1:1/unreachable/");
    }

    @AfterAll
    static void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
        if (mirror != null) {
            mirror.stop(0);
        }
    }

    @Test
    void aDatasetUploadedOnOneNodeIsListedAndTrainedOnByAnother() throws IOException {
        ApiClient a = new ApiClient(port(nodeA));
        ApiClient b = new ApiClient(port(nodeB));
        ApiClient.Response uploaded = a.postMultipart("/api/v1/datasets", "file", "digits-tiny.zip",
                RetrainingKeepsServingEndToEndTest.mnistSubset(100, 20), Map.of("name", "digits-tiny"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(keys("datasets/uploaded/digits-tiny/")).singleElement()
                .satisfies(key -> assertThat(key).matches("datasets/uploaded/digits-tiny/[0-9a-f]{64}\\.zip"));

        ApiClient.Response described = b.get("/api/v1/datasets/digits-tiny");
        assertThat(described.status()).as(described.body()).isEqualTo(200);
        assertThat(described.json().get("trainSize").intValue()).isEqualTo(100);
        assertThat(b.get("/api/v1/datasets").body()).contains("\"digits-tiny\"");

        ApiClient.Response duplicate = b.postMultipart("/api/v1/datasets", "file", "digits-tiny.zip",
                RetrainingKeepsServingEndToEndTest.mnistSubset(100, 20), Map.of("name", "digits-tiny"));
        assertThat(duplicate.status()).as("the name is taken on every node: " + duplicate.body()).isEqualTo(409);

        ApiClient.Response submitted = b.post("/api/v1/training-jobs", """
                {"model": {"definition": {"name": "tiny-digits", "inputShape": [28, 28, 1], "layers": [
                   {"type": "flatten"}, {"type": "dense", "units": 10, "activation": "softmax"}]}},
                 "dataset": "digits-tiny", "epochs": 1, "batchSize": 20, "optimizer": {"type": "adam"}, "seed": 3}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().get("id").stringValue();
        JsonNode job = await("job " + jobId).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> b.get("/api/v1/training-jobs/" + jobId).json(),
                        view -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aBuiltInFileDownloadedByOneNodeIsReadByAnotherFromTheBucket() throws IOException {
        nodeA.getBean(DatasetLocator.class).locate(BuiltInDatasets.MNIST);
        assertThat(MIRROR_REQUESTS.get()).as("A downloaded the four files from its mirror").isEqualTo(4);
        assertThat(keys("datasets/builtin/mnist/")).hasSize(4)
                .allSatisfy(key -> assertThat(key).matches("datasets/builtin/mnist/[a-z0-9-]+/[0-9a-f]{64}"));

        Path folder = nodeB.getBean(DatasetLocator.class).locate(BuiltInDatasets.MNIST);

        assertThat(folder).startsWith(datasetsB);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted().toList()).containsExactly(
                    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
                    "train-labels-idx1-ubyte");
        }
        assertThat(MIRROR_REQUESTS.get()).as("B fetched nothing from the internet").isEqualTo(4);
    }

    private static List<String> keys(String prefix) {
        try (S3Client s3 = BUCKET.client()) {
            return s3.listObjectsV2(list -> list.bucket(BUCKET.bucket()).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    private static ConfigurableApplicationContext start(PostgresTestDatabase.Connection db, String roles, String mirrorUrl)
            throws IOException {
        return start(db, Files.createTempDirectory("convnet-datasets-"), roles, mirrorUrl);
    }

    private static ConfigurableApplicationContext start(PostgresTestDatabase.Connection db, Path datasetsDir,
                                                        String roles, String mnistUrl) throws IOException {
        Path dataDir = Files.createTempDirectory("convnet-node-");
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--convnet.data-dir=" + dataDir,
                "--convnet.storage.cache.dir=" + dataDir.resolve("cache"),
                "--convnet.datasets.dir=" + datasetsDir,
                "--convnet.datasets.upload-dir=" + dataDir.resolve("uploaded"),
                "--convnet.datasets.download-enabled=true",
                "--convnet.datasets.base-urls.mnist=" + mnistUrl,
                "--convnet.node.roles=" + roles));
        arguments.addAll(BUCKET.arguments());
        return new SpringApplicationBuilder(ConvnetServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
