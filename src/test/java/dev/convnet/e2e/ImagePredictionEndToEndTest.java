package dev.convnet.e2e;

import dev.convnet.image.TestImages;
import dev.convnet.support.ApiClient.FilePart;
import dev.convnet.support.ApiClient;
import dev.convnet.support.DigitDrawing;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Image predictions over HTTP with a LeNet-5 trained once on real MNIST (one epoch of Adam, shared by every
 * test of the class): drawn digits, concurrent clients, names and versions, the Open Inference Protocol, and
 * every kind of bad input.
 */
@TestPropertySource(properties = {"convnet.images.max-bytes=1MB", "convnet.inference.max-files=8"})
class ImagePredictionEndToEndTest extends PostgresIntegrationTest {

    private static String trainedId;
    private static int trainedVersion;

    /** Trains LeNet-5 on MNIST the first time a test needs it. */
    private synchronized String trained() {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        if (trainedId != null) {
            return trainedId;
        }
        ApiClient api = api();
        ApiClient.Response submitted = api.post("/api/v1/training-jobs", """
                {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 1, "batchSize": 128,
                 "optimizer": {"type": "adam", "learningRate": 0.002}, "validation": {"mode": "none"}, "seed": 7}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().get("id").stringValue();
        JsonNode job = await("job " + jobId + " ending").atMost(Duration.ofMinutes(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/training-jobs/" + jobId).json(),
                        view -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        trainedId = job.get("resultModelId").stringValue();
        trainedVersion = api.get("/api/v1/models/" + trainedId).json().get("version").intValue();
        return trainedId;
    }

    private static byte[] png(BufferedImage image) {
        return DigitDrawing.encode(image, "png");
    }

    private static byte[] jpeg(BufferedImage image) {
        return DigitDrawing.encode(image, "jpg");
    }

    /** Digit d, drawn in one of several ways (size, format, alpha) chosen by {@code variant}. */
    private static byte[] digitImage(int digit, int variant) {
        return switch (variant % 5) {
            case 0 -> png(DigitDrawing.blackOnWhite(digit, 28, 28));
            case 1 -> jpeg(DigitDrawing.blackOnWhite(digit, 96, 96));
            case 2 -> png(DigitDrawing.blackOnWhite(digit, 200, 140));
            case 3 -> png(DigitDrawing.draw(digit, 64, 64, Color.BLACK, new Color(0, 0, 0, 0), true));
            default -> jpeg(DigitDrawing.blackOnWhite(digit, 300, 300));
        };
    }

    private static int topClass(ApiClient.Response response, int image) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().at("/predictions/" + image + "/top/0/classIndex").intValue();
    }

    @Test
    void drawnDigitsComeBackRightAsPngAndJpegWithAutoInversion() throws Exception {
        String id = trained();
        ApiClient api = api();
        // A handful of digits whose pen-stroke drawings read as MNIST digits; our strokes of 5, 6, 7 and 9 do
        // not look enough like MNIST's handwriting to be a fair test of the service.
        List<Integer> handful = List.of(0, 1, 2, 3, 4, 8);
        int formsRight = 0;
        List<String> answers = new ArrayList<>();
        for (int digit : handful) {
            // PNG as a raw image/png body, JPEG and a transparent PNG as multipart files of one request.
            ApiClient.Response single = api.postBytes("/api/v1/models/" + id + "/predictions?invert=auto&topK=3",
                    "image/png", png(DigitDrawing.blackOnWhite(digit, 56, 56)));
            ApiClient.Response multi = api.postFiles("/api/v1/models/" + id + "/predictions?invert=auto", List.of(
                    new FilePart("files", digit + ".jpg", "image/jpeg", jpeg(DigitDrawing.blackOnWhite(digit, 120, 120))),
                    new FilePart("files", digit + "-alpha.png", "image/png",
                            png(DigitDrawing.draw(digit, 40, 40, Color.BLACK, new Color(255, 255, 255, 0), true)))));
            assertThat(single.json().at("/predictions/0/top")).hasSize(3);
            assertThat(multi.json().at("/predictions/1/fileName").stringValue()).isEqualTo(digit + "-alpha.png");
            int png = topClass(single, 0);
            int jpg = topClass(multi, 0);
            int alpha = topClass(multi, 1);
            answers.add(digit + "->" + png + "/" + jpg + "/" + alpha);
            // One epoch of multi-threaded training is not bit-for-bit repeatable: each digit must be right in
            // most of its three forms, and almost all forms must be right.
            int right = (png == digit ? 1 : 0) + (jpg == digit ? 1 : 0) + (alpha == digit ? 1 : 0);
            assertThat(right).as("digit " + digit + " as png/jpeg/alpha: " + png + "/" + jpg + "/" + alpha).isGreaterThanOrEqualTo(2);
            formsRight += right;
        }
        assertThat(formsRight).as("forms right: " + answers).isGreaterThanOrEqualTo(3 * handful.size() - 1);

        // Inverting by hand gives the same answer as auto; not inverting at all does not see a digit.
        byte[] three = png(DigitDrawing.blackOnWhite(3, 56, 56));
        ApiClient.Response manual = api.postBytes("/api/v1/models/" + id + "/predictions?invert=true", "image/png", three);
        ApiClient.Response auto = api.postBytes("/api/v1/models/" + id + "/predictions", "image/png", three);
        assertThat(manual.json().at("/predictions/0/top/0")).isEqualTo(auto.json().at("/predictions/0/top/0"));
        ApiClient.Response lightOnDark = api.postBytes("/api/v1/models/" + id + "/predictions?invert=auto", "image/png",
                png(DigitDrawing.draw(3, 56, 56, Color.WHITE, Color.BLACK, false)));
        assertThat(lightOnDark.json().at("/predictions/0/top/0/classIndex"))
                .isEqualTo(auto.json().at("/predictions/0/top/0/classIndex"));
    }

    @Test
    void answersCarryClassNamesProbabilitiesAndTheModel() throws Exception {
        String id = trained();
        ApiClient.Response response = api().postBytes("/api/v1/models/" + id + "/predictions?topK=10", "image/jpeg",
                jpeg(DigitDrawing.blackOnWhite(7, 80, 80)));
        JsonNode body = response.json();
        assertThat(body.get("modelId").stringValue()).isEqualTo(id);
        assertThat(body.get("modelName").stringValue()).isEqualTo("lenet5");
        assertThat(body.get("modelVersion").intValue()).isEqualTo(trainedVersion);
        JsonNode top = body.at("/predictions/0/top");
        assertThat(top).hasSize(10);
        double sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += top.get(i).get("probability").doubleValue();
            assertThat(top.get(i).get("className").stringValue()).isEqualTo(Integer.toString(top.get(i).get("classIndex").intValue()));
            if (i > 0) {
                assertThat(top.get(i).get("probability").doubleValue()).isLessThanOrEqualTo(top.get(i - 1).get("probability").doubleValue());
            }
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void thirtyTwoConcurrentClientsEachGetTheirOwnAnswer() throws Exception {
        String id = trained();
        ApiClient api = api();
        int clients = 40;
        List<byte[]> images = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            byte[] image = digitImage(i % 10, i / 10 + i);
            images.add(image);
            ApiClient.Response alone = api.postFiles("/api/v1/models/" + id + "/predictions?topK=1",
                    List.of(new FilePart("files", "c" + i + ".img", "application/octet-stream", image)));
            assertThat(alone.status()).as(alone.body()).isEqualTo(200);
            expected.add(alone.json().at("/predictions/0/top/0"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<ApiClient.Response>> responses = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int client = i;
                    responses.add(pool.submit(() -> new ApiClient(port).postFiles("/api/v1/models/" + id + "/predictions?topK=1",
                            List.of(new FilePart("files", "c" + client + ".img", "application/octet-stream", images.get(client))))));
                }
                for (int i = 0; i < clients; i++) {
                    ApiClient.Response response = responses.get(i).get();
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    JsonNode answer = response.json();
                    assertThat(answer.at("/predictions/0/fileName").stringValue()).isEqualTo("c" + i + ".img");
                    JsonNode top = answer.at("/predictions/0/top/0");
                    assertThat(top.get("classIndex")).as("client " + i).isEqualTo(expected.get(i).get("classIndex"));
                    // Batched with others or alone, the same image gets the same probability.
                    assertThat(top.get("probability").doubleValue()).as("client " + i)
                            .isCloseTo(expected.get(i).get("probability").doubleValue(), org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        ApiClient.Response batches = api.get("/actuator/metrics/convnet.inference.batch.size?tag=model:lenet5");
        assertThat(batches.status()).isEqualTo(200);
        JsonNode measurements = batches.json().get("measurements");
        double count = 0;
        double total = 0;
        for (JsonNode m : measurements) {
            if (m.get("statistic").stringValue().equals("COUNT")) {
                count = m.get("value").doubleValue();
            } else if (m.get("statistic").stringValue().equals("TOTAL")) {
                total = m.get("value").doubleValue();
            }
        }
        assertThat(total).isGreaterThanOrEqualTo(clients * 4);
        assertThat(count).as("some requests ran together in one batch").isLessThan(total);
        String prometheus = api.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("convnet_inference_latency_seconds_bucket{engine=\"onnxruntime\",model=\"lenet5\"");
        assertThat(prometheus).contains("convnet_inference_requests_total{engine=\"onnxruntime\",model=\"lenet5\",outcome=\"ok\"");
        assertThat(prometheus).contains("convnet_inference_queue_depth{engine=\"onnxruntime\",model=\"lenet5\"");
    }

    @Test
    void byNameServesTheLatestVersionOrTheOneAsked() throws Exception {
        String id = trained();
        ApiClient api = api();
        byte[] image = png(DigitDrawing.blackOnWhite(1, 40, 40));
        ApiClient.Response latest = api.postBytes("/api/v1/models/by-name/lenet5/predictions", "image/png", image);
        assertThat(latest.status()).as(latest.body()).isEqualTo(200);
        assertThat(latest.json().get("modelId").stringValue()).isEqualTo(id);
        ApiClient.Response pinned = api.postFiles("/api/v1/models/by-name/lenet5/versions/" + trainedVersion + "/predictions",
                List.of(new FilePart("files", "one.png", "image/png", image)));
        assertThat(pinned.json().get("modelVersion").intValue()).isEqualTo(trainedVersion);

        assertProblem(api.postBytes("/api/v1/models/by-name/lenet5/versions/999/predictions", "image/png", image), 404, null);
        assertProblem(api.postBytes("/api/v1/models/by-name/no-such-model/predictions", "image/png", image), 404, null);
        assertProblem(api.postBytes("/api/v1/models/" + java.util.UUID.randomUUID() + "/predictions", "image/png", image), 404, null);
        // The untrained parent (version 1 of the name, a definition whose weights were never set).
        assertProblem(api.postBytes("/api/v1/models/by-name/lenet5/versions/1/predictions", "image/png", image), 409, null);
    }

    @Test
    void everyBadInputIsA4xxProblemAndTheServiceKeepsServing() throws Exception {
        String id = trained();
        ApiClient api = api();
        String url = "/api/v1/models/" + id + "/predictions";
        byte[] good = png(DigitDrawing.blackOnWhite(4, 28, 28));
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        byte[] zeroSize = TestImages.png(0, 0, TestImages.blackScanlines(1, 1));
        byte[] oneBy100000 = TestImages.png(1, 100_000, TestImages.blackScanlines(1, 100_000));
        byte[] bomb = TestImages.png(50_000, 50_000, TestImages.blackScanlines(8, 8));
        byte[] overLimit = new byte[1_200_000];
        System.arraycopy(good, 0, overLimit, 0, good.length);

        assertProblem(api.postBytes(url, "image/png", "hello, not an image".getBytes()), 400, "NOT_AN_IMAGE");
        assertProblem(api.postBytes(url, "image/png", truncated), 400, "TRUNCATED");
        assertProblem(api.postBytes(url, "image/png", zeroSize), 400, "ZERO_SIZE");
        assertProblem(api.postBytes(url, "image/png", oneBy100000), 400, "EXTREME_ASPECT_RATIO");
        assertProblem(api.postBytes(url, "image/png", bomb), 413, "TOO_MANY_PIXELS");
        assertProblem(api.postBytes(url, "image/png", overLimit), 413, "TOO_MANY_BYTES");
        assertProblem(api.postBytes(url, "image/png", new byte[0]), 400, "EMPTY");
        // In a multipart request the problem names the file.
        ApiClient.Response named = api.postFiles(url, List.of(new FilePart("files", "ok.png", "image/png", good),
                new FilePart("files", "broken.png", "image/png", truncated)));
        assertProblem(named, 400, "TRUNCATED");
        assertThat(named.json().get("detail").stringValue()).contains("Image 1 ('broken.png')");

        ApiClient.Response noFile = api.postMultipart(url, "other", "x.txt", "x".getBytes(), Map.of());
        assertProblem(noFile, 400, null);
        assertThat(noFile.json().get("field").stringValue()).isEqualTo("files");
        List<FilePart> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new FilePart("files", i + ".png", "image/png", good));
        }
        assertProblem(api.postFiles(url, nine), 413, null);
        assertProblem(api.postBytes(url + "?resize=squash", "image/png", good), 400, null);
        assertProblem(api.postBytes(url + "?invert=maybe", "image/png", good), 400, null);
        assertProblem(api.postBytes(url + "?topK=0", "image/png", good), 400, null);

        // A model that was never trained.
        String untrained = api.post("/api/v1/presets/lenet5/models", "").json().get("id").stringValue();
        ApiClient.Response notTrained = api.postBytes("/api/v1/models/" + untrained + "/predictions", "image/png", good);
        assertProblem(notTrained, 409, null);
        assertThat(notTrained.json().get("detail").stringValue()).contains("never been trained");
        // A model whose output is not class probabilities.
        String detector = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
        ApiClient.Response notClassifier = api.postBytes("/api/v1/models/" + detector + "/predictions", "image/png", good);
        assertProblem(notClassifier, 409, null);
        assertThat(notClassifier.json().get("detail").stringValue()).contains("class probabilities");

        assertThat(topClass(api.postBytes(url, "image/png", good), 0)).isBetween(0, 9);
    }

    @Test
    void deletedModelStopsServingAtOnce() throws Exception {
        trained();
        ApiClient api = api();
        // A definition becomes servable once its weights are set (here: its initial weights stored as they are).
        String id = api.post("/api/v1/presets/lenet5/models", "").json().get("id").stringValue();
        ApiClient.Response weights = api.get("/api/v1/models/" + id + "/weights");
        assertThat(api.put("/api/v1/models/" + id + "/weights", weights.body()).status()).isEqualTo(200);
        byte[] image = png(DigitDrawing.blackOnWhite(2, 28, 28));
        assertThat(api.postBytes("/api/v1/models/" + id + "/predictions", "image/png", image).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/models/" + id).status()).isEqualTo(204);
        assertProblem(api.postBytes("/api/v1/models/" + id + "/predictions", "image/png", image), 404, null);
    }

    @Test
    void openInferenceProtocolServesTensorsAndEncodedImages() throws Exception {
        String id = trained();
        ApiClient api = api();
        assertThat(api.get("/v2/health/live").json().get("live").booleanValue()).isTrue();
        assertThat(api.get("/v2/health/ready").json().get("ready").booleanValue()).isTrue();
        JsonNode metadata = api.get("/v2/models/lenet5").json();
        assertThat(metadata.get("name").stringValue()).isEqualTo("lenet5");
        assertThat(metadata.get("versions").valueStream().map(JsonNode::stringValue))
                .contains(Integer.toString(trainedVersion)).doesNotContain("1");
        assertThat(metadata.at("/inputs/0/shape").toString()).isEqualTo("[-1,28,28,1]");
        assertThat(metadata.at("/outputs/0/shape").toString()).isEqualTo("[-1,10]");
        assertThat(api.get("/v2/models/lenet5/versions/" + trainedVersion + "/ready").status()).isEqualTo(200);
        assertThat(api.get("/v2/models/lenet5/versions/1/ready").status()).isEqualTo(400);

        // The same digit as a multipart upload, as FP32 and UINT8 tensors (light on dark, as MNIST), and as BYTES.
        BufferedImage digit = DigitDrawing.draw(6, 28, 28, Color.WHITE, Color.BLACK, false);
        JsonNode viaUpload = api.postBytes("/api/v1/models/" + id + "/predictions?topK=10&invert=false", "image/png", png(digit)).json();
        int expectedClass = viaUpload.at("/predictions/0/top/0/classIndex").intValue();
        double expectedProbability = viaUpload.at("/predictions/0/top/0/probability").doubleValue();
        StringBuilder fp32 = new StringBuilder();
        StringBuilder uint8 = new StringBuilder();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int grey = digit.getRGB(x, y) & 0xFF;
                fp32.append(fp32.isEmpty() ? "" : ",").append(grey / 255f);
                uint8.append(uint8.isEmpty() ? "" : ",").append(grey);
            }
        }
        for (String[] input : new String[][] {{"FP32", fp32.toString()}, {"UINT8", uint8.toString()}}) {
            ApiClient.Response inferred = api.post("/v2/models/lenet5/infer", """
                    {"id": "r1", "inputs": [{"name": "input", "shape": [1, 28, 28, 1], "datatype": "%s", "data": [%s]}]}"""
                    .formatted(input[0], input[1]));
            assertThat(inferred.status()).as(inferred.body()).isEqualTo(200);
            JsonNode body = inferred.json();
            assertThat(body.get("model_name").stringValue()).isEqualTo("lenet5");
            assertThat(body.get("model_version").stringValue()).isEqualTo(Integer.toString(trainedVersion));
            assertThat(body.get("id").stringValue()).isEqualTo("r1");
            assertThat(body.at("/outputs/0/shape").toString()).isEqualTo("[1,10]");
            assertThat(body.at("/outputs/0/data/" + expectedClass).doubleValue())
                    .isCloseTo(expectedProbability, org.assertj.core.data.Offset.offset(1e-3));
        }
        String base64 = Base64.getEncoder().encodeToString(png(digit));
        ApiClient.Response bytes = api.post("/v2/models/lenet5/versions/" + trainedVersion + "/infer", """
                {"inputs": [{"name": "input", "shape": [2], "datatype": "BYTES", "data": ["%s", "%s"]}]}"""
                .formatted(base64, base64));
        assertThat(bytes.status()).as(bytes.body()).isEqualTo(200);
        assertThat(bytes.json().at("/outputs/0/shape").toString()).isEqualTo("[2,10]");
        assertThat(bytes.json().at("/outputs/0/data/" + (10 + expectedClass)).doubleValue())
                .isCloseTo(expectedProbability, org.assertj.core.data.Offset.offset(1e-3));

        assertV2Error(api.post("/v2/models/lenet5/infer", """
                {"inputs": [{"name": "input", "shape": [1, 28, 28, 3], "datatype": "FP32", "data": [0]}]}"""), 400, "shape");
        assertV2Error(api.post("/v2/models/lenet5/infer", """
                {"inputs": [{"name": "input", "shape": [1, 28, 28, 1], "datatype": "FP32", "data": [1, 2]}]}"""), 400, "784");
        assertV2Error(api.post("/v2/models/lenet5/infer", """
                {"inputs": [{"name": "input", "shape": [1, 28, 28, 1], "datatype": "INT64", "data": [1]}]}"""), 400, "datatype");
        assertV2Error(api.post("/v2/models/lenet5/infer", """
                {"inputs": [{"name": "input", "shape": [1], "datatype": "BYTES", "data": ["bm90IGFuIGltYWdl"]}]}"""), 400, "not an image");
        assertV2Error(api.post("/v2/models/no-such-model/infer", "{\"inputs\": []}"), 404, "does not exist");
        assertV2Error(api.post("/v2/models/lenet5/versions/999/infer", "{\"inputs\": []}"), 404, "does not exist");
        assertV2Error(api.post("/v2/models/lenet5/versions/1/infer", """
                {"inputs": [{"name": "input", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}""".formatted(base64)),
                400, "never been trained");
    }

    private static void assertProblem(ApiClient.Response response, int status, String reason) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (reason != null) {
            assertThat(response.json().get("reason").stringValue()).isEqualTo(reason);
        }
    }

    private static void assertV2Error(ApiClient.Response response, int status, String text) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").stringValue()).containsIgnoringCase(text);
    }
}
