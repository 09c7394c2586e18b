package dev.convnet.e2e;

import dev.convnet.dataset.IdxReader;
import dev.convnet.dataset.ImageSet;
import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An experiment of 3 variants x 2 seeds over HTTP, on a class-balanced subset of the real Fashion-MNIST (uploaded
 * as a dataset: 50 training and 20 test images per class), 1 epoch each, on PostgreSQL: its live events, the results
 * checked against the runs' own jobs and evaluations, and the Markdown and HTML reports with their plots.
 */
@TestPropertySource(properties = {"convnet.experiments.reconcile-interval=250ms", "convnet.training.max-concurrent-jobs=2"})
class ExperimentEndToEndTest extends PostgresIntegrationTest {

    private static final List<String> CLASSES = List.of("tshirt", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle-boot");

    static final String MODEL = """
            {"name": "small_cnn", "inputShape": [28, 28, 1], "layers": [
              {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPooling2d"}, {"type": "flatten"},
              {"type": "dense", "units": 10, "activation": "softmax"}]}""";

    private static final String WIDER = MODEL.replace("\"filters\": 4", "\"filters\": 8").replace("small_cnn", "wider_cnn");

    @Test
    void threeVariantsTwoSeedsGiveResultsAndReportsConsistentWithTheirJobs() throws Exception {
        Path fashion = TestDatasets.sharedDatasetsDir().resolve("fashion-mnist");
        assumeTrue(Files.exists(fashion.resolve("train-images-idx3-ubyte.gz")) || "true".equals(System.getenv("CI")),
                "real Fashion-MNIST not found in " + fashion);
        ApiClient api = api();
        if (api.get("/api/v1/datasets/fashion-small").status() == 404) {
            ApiClient.Response uploaded = api.postMultipart("/api/v1/datasets", "file", "fashion-small.zip",
                    subsetZip(fashion, 40, 10), Map.of("name", "fashion-small"));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        }
        String experiment = """
                {"name": "fashion subset: what helps",
                 "base": {"model": {"definition": %s}, "dataset": "fashion-small", "epochs": 1, "batchSize": 32,
                          "optimizer": {"type": "sgd", "learningRate": 0.05}, "validation": {"mode": "test"}, "seed": 7,
                          "checkpointEveryEpochs": 0},
                 "variants": [
                   {"name": "baseline"},
                   {"name": "adam", "patch": {"optimizer": {"type": "adam", "learningRate": 0.003}}},
                   {"name": "wider", "patch": {"model": {"definition": %s}}}],
                 "seeds": 2,
                 "budget": {"maxEpochsPerRun": 2, "maxWallTime": "PT10M"},
                 "maxParallelRuns": 2}""".formatted(MODEL, WIDER);
        ApiClient.Response created = api.post("/api/v1/experiments", experiment);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().get("id").stringValue();
        assertThat(created.location()).isEqualTo("/api/v1/experiments/" + id);
        assertThat(created.json().at("/progress/total").intValue()).isEqualTo(6);
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> eventNames(id));

        JsonNode done = await("experiment " + id).atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/experiments/" + id).json(), e -> !e.get("state").stringValue().equals("RUNNING"));
        assertThat(done.get("state").stringValue()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/progress/succeeded").intValue()).isEqualTo(6);
        List<String> names = events.get(1, TimeUnit.MINUTES);
        assertThat(names).first().isEqualTo("experiment");
        assertThat(names).contains("run", "progress").last().isEqualTo("state");

        JsonNode results = api.get("/api/v1/experiments/" + id + "/results").json();
        assertThat(results.get("dataset").stringValue()).isEqualTo("fashion-small");
        assertThat(results.get("variants")).hasSize(3);
        double baselineMean = Double.NaN;
        for (JsonNode variant : results.get("variants")) {
            if (variant.get("baseline").booleanValue()) {
                baselineMean = variant.at("/testAccuracy/mean").doubleValue();
            }
        }
        double previous = Double.MAX_VALUE;
        for (JsonNode variant : results.get("variants")) {
            String name = variant.get("name").stringValue();
            assertThat(variant.get("succeededRuns").intValue()).as(name).isEqualTo(2);
            assertThat(variant.get("parameters").longValue()).isEqualTo(name.equals("wider") ? 13_610 : 6_810);
            List<Double> accuracies = new ArrayList<>();
            for (JsonNode run : variant.get("runDetails")) {
                JsonNode job = api.get("/api/v1/training-jobs/" + run.get("jobId").stringValue()).json();
                assertThat(job.get("state").stringValue()).isEqualTo("SUCCEEDED");
                assertThat(job.at("/request/seed").longValue()).isEqualTo(run.get("seed").longValue());
                assertThat(job.at("/request/optimizer/type").stringValue()).isEqualTo(name.equals("adam") ? "adam" : "sgd");
                JsonNode evaluation = api.get("/api/v1/models/" + job.get("resultModelId").stringValue() + "/evaluation").json();
                assertThat(evaluation.at("/report/examples").intValue()).isEqualTo(100);
                assertThat(run.get("testAccuracy").doubleValue()).isEqualTo(evaluation.at("/report/accuracy").doubleValue());
                assertThat(run.get("testLoss").doubleValue()).isEqualTo(evaluation.at("/report/loss").doubleValue());
                assertThat(run.get("validationAccuracy").get(0).doubleValue())
                        .isEqualTo(job.at("/history/0/validationAccuracy").doubleValue());
                accuracies.add(run.get("testAccuracy").doubleValue());
            }
            assertThat(accuracies.get(0)).as("seeds differ").isNotEqualTo(accuracies.get(1));
            double mean = (accuracies.get(0) + accuracies.get(1)) / 2;
            assertThat(variant.at("/testAccuracy/mean").doubleValue()).isCloseTo(mean, within(1e-12));
            assertThat(variant.at("/testAccuracy/min").doubleValue()).isEqualTo(Math.min(accuracies.get(0), accuracies.get(1)));
            assertThat(mean).isLessThanOrEqualTo(previous).isGreaterThan(0.2); // ranked, and better than chance (0.1)
            previous = mean;
            if (!variant.get("baseline").booleanValue()) {
                assertThat(variant.at("/accuracyVsBaseline/difference").doubleValue()).isCloseTo(mean - baselineMean, within(1e-12));
                assertThat(variant.at("/accuracyVsBaseline/low").doubleValue())
                        .isLessThanOrEqualTo(variant.at("/accuracyVsBaseline/high").doubleValue());
            }
        }
        assertThat(results.get("findings").get(0).stringValue()).startsWith("Best: '" + results.at("/variants/0/name").stringValue());

        ApiClient.Response markdown = api.get("/api/v1/experiments/" + id + "/report.md", "text/markdown");
        assertThat(markdown.status()).isEqualTo(200);
        assertThat(markdown.contentType()).startsWith("text/markdown");
        for (JsonNode variant : results.get("variants")) {
            assertThat(markdown.body()).contains("| " + variant.get("rank").intValue() + " | " + variant.get("name").stringValue());
        }
        assertThat(plots(markdown.body(), "\\(data:image/png;base64,([A-Za-z0-9+/=]+)\\)")).isEqualTo(3);

        ApiClient.Response html = api.get("/api/v1/experiments/" + id + "/report.html", "text/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("<td>wider</td>").contains("<li>");
        assertThat(plots(html.body(), "<img alt=\"[^\"]+\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">")).isEqualTo(3);

        assertThat(api.post("/api/v1/experiments/" + id + "/cancel", "").status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/experiments/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/experiments/" + id).status()).isEqualTo(404);
    }

    @Test
    void aVariantWhoseJobIsInvalidIsRefusedWholeNamingTheVariantAndTheField() {
        ApiClient.Response refused = api().post("/api/v1/experiments", """
                {"base": {"model": {"preset": "lenet5"}, "dataset": "mnist"},
                 "variants": [{"name": "ok"}, {"name": "bad-momentum", "patch": {"optimizer": {"momentum": 1.5}}}]}""");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("variant").stringValue()).isEqualTo("bad-momentum");
        assertThat(refused.json().get("field").stringValue()).isEqualTo("/optimizer/momentum");
        ApiClient.Response unknownDataset = api().post("/api/v1/experiments", """
                {"base": {"model": {"preset": "lenet5"}, "dataset": "mnist"},
                 "grid": [{"field": "dataset", "values": ["mnist", "no-such-dataset"]}]}""");
        assertThat(unknownDataset.status()).as(unknownDataset.body()).isEqualTo(400);
        assertThat(unknownDataset.json().get("variant").stringValue()).isEqualTo("dataset=no-such-dataset");
        assertThat(unknownDataset.json().get("field").stringValue()).isEqualTo("/dataset");
        assertThat(api().get("/api/v1/experiments").json()).noneMatch(e -> e.get("variants").size() == 2
                && e.at("/variants/1/name").stringValue().startsWith("dataset="));
    }

    @Test
    void theShippedExperimentFileIsAcceptedUnchangedOnEitherDataset() throws Exception {
        String file = Files.readString(Path.of("docs", "experiments", "what-helps.json"));
        for (String dataset : List.of("", "?dataset=mnist")) {
            ApiClient.Response created = api().post("/api/v1/experiments" + dataset, file);
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            String id = created.json().get("id").stringValue();
            assertThat(created.json().get("variants")).hasSize(12);
            assertThat(created.json().at("/progress/total").intValue()).isEqualTo(36);
            JsonNode cancelled = api().post("/api/v1/experiments/" + id + "/cancel", "").json();
            assertThat(cancelled.get("state").stringValue()).isEqualTo("CANCELLED");
            for (JsonNode variant : cancelled.get("variants")) {
                for (JsonNode run : variant.get("runs")) {
                    if (!run.get("jobId").isNull()) { // queued before the cancel: its job is cancelled too
                        JsonNode job = await().atMost(Duration.ofMinutes(2)).until(() -> api().get("/api/v1/training-jobs/"
                                + run.get("jobId").stringValue()).json(), j -> j.get("state").stringValue().equals("CANCELLED"));
                        assertThat(job.at("/request/dataset").stringValue()).isEqualTo(dataset.isEmpty() ? "fashion-mnist" : "mnist");
                        assertThat(job.at("/request/model/definition/inputShape").toString()).isEqualTo("[28,28,1]");
                    } else {
                        assertThat(run.get("state").stringValue()).isEqualTo("SKIPPED");
                    }
                }
            }
        }
    }

    private static int plots(String document, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(document);
        int count = 0;
        while (matcher.find()) {
            byte[] png = Base64.getDecoder().decode(matcher.group(1));
            assertThat(png.length).as("a real plot, not an empty image").isGreaterThan(5_000);
            count++;
        }
        return count;
    }

    private List<String> eventNames(String id) {
        List<String> names = new ArrayList<>();
        try {
            HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(api().authorized(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/experiments/" + id + "/events")).build()),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body()))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        names.add(line.substring(6).strip());
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** The first {@code train} and {@code test} images of each class, as PNGs in flow_from_directory layout. */
    static byte[] subsetZip(Path dir, int train, int test) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            write(zip, "train", IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz"),
                    dir.resolve("train-labels-idx1-ubyte.gz"), CLASSES), train);
            write(zip, "test", IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"),
                    dir.resolve("t10k-labels-idx1-ubyte.gz"), CLASSES), test);
        }
        return bytes.toByteArray();
    }

    private static void write(ZipOutputStream zip, String split, ImageSet images, int perClass) throws IOException {
        int[] written = new int[CLASSES.size()];
        int size = images.height() * images.width();
        for (int i = 0; i < images.count(); i++) {
            int label = images.label(i);
            if (written[label] == perClass) {
                continue;
            }
            BufferedImage image = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, images.width(), images.height(),
                    java.util.Arrays.copyOfRange(images.pixels(), i * size, (i + 1) * size));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            zip.putNextEntry(new ZipEntry(split + "/" + CLASSES.get(label) + "/" + i + ".png"));
            zip.write(png.toByteArray());
            zip.closeEntry();
            written[label]++;
        }
    }
}
