package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The foundation issue's user story over HTTP, on PostgreSQL: lesson networks, summaries, detector, bad input. */
@TestPropertySource(properties = "convnet.api.max-request-size=16MB")
class LessonNetworksEndToEndTest extends PostgresIntegrationTest {

    static final String DETECTOR_WEIGHTS = "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]]],[0.0]]";
    static final String LINE_IMAGE;

    static {
        StringBuilder rows = new StringBuilder("{\"inputs\": [[");
        for (int row = 0; row < 8; row++) {
            rows.append(row == 0 ? "" : ",").append("[[0],[0],[0],[1],[1],[0],[0],[0]]");
        }
        LINE_IMAGE = rows.append("]]}").toString();
    }

    private JsonNode createPreset(String preset) {
        ApiClient.Response created = api().post("/api/v1/presets/" + preset + "/models", "");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).endsWith("/api/v1/models/" + created.json().get("id").stringValue());
        return created.json();
    }

    @Test
    void presetsListTheLessonsNetworksThenTheImprovedOnes() {
        JsonNode presets = api().get("/api/v1/presets").json();
        assertThat(presets.findValuesAsString("id")).containsExactly("detector", "lenet5", "cifar10-cnn",
                "cifar10-resnet", "cifar100-resnet", "mnist-compact", "resnet18-imagenet");
    }

    @Test
    void lessonSummariesEqualKerasNumbers() {
        assertThat(createPreset("detector").at("/summary/totalParams").longValue()).isEqualTo(10);
        JsonNode detector = createPreset("detector").get("summary");
        assertThat(detector.at("/layers/0/outputShape").toString()).isEqualTo("[null,6,6,1]");
        assertThat(detector.at("/layers/1/outputShape").toString()).isEqualTo("[null,1]");
        assertThat(createPreset("lenet5").at("/summary/totalParams").longValue()).isEqualTo(545_546);
        JsonNode cifar = createPreset("cifar10-cnn");
        assertThat(cifar.at("/summary/totalParams").longValue()).isEqualTo(1_250_858);
        assertThat(cifar.at("/summary/trainableParams").longValue()).isEqualTo(1_250_858);
        assertThat(cifar.at("/summary/nonTrainableParams").longValue()).isZero();

        ApiClient.Response text = api().get("/api/v1/models/" + cifar.get("id").stringValue() + "/summary", "text/plain");
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.body()).contains("Layer (type)                 Output Shape              Param #")
                .contains("dense (Dense)                (None, 512)               1180160")
                .contains("Total params: 1,250,858");
    }

    @Test
    void cifarWithFusedActivationsIsTheSameNetwork() {
        JsonNode lessonForm = createPreset("cifar10-cnn").get("summary");
        String fused = """
                {"name": "cifar_fused", "inputShape": [32, 32, 3], "layers": [
                  {"type": "conv2d", "filters": 32, "kernelSize": 3, "padding": "same", "activation": "relu"},
                  {"type": "conv2d", "filters": 32, "kernelSize": 3, "activation": "relu"},
                  {"type": "maxPooling2d"}, {"type": "dropout", "rate": 0.25},
                  {"type": "conv2d", "filters": 64, "kernelSize": 3, "padding": "same", "activation": "relu"},
                  {"type": "conv2d", "filters": 64, "kernelSize": 3, "activation": "relu"},
                  {"type": "maxPooling2d"}, {"type": "dropout", "rate": 0.25},
                  {"type": "flatten"}, {"type": "dense", "units": 512, "activation": "relu"},
                  {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 10, "activation": "softmax"}]}""";
        ApiClient.Response created = api().post("/api/v1/models", fused);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode fusedSummary = created.json().get("summary");
        assertThat(fusedSummary.get("totalParams")).isEqualTo(lessonForm.get("totalParams"));
        assertThat(created.json().get("loss").stringValue()).isEqualTo("categorical_crossentropy");
        assertThat(paramsOfWeightedLayers(fusedSummary)).isEqualTo(paramsOfWeightedLayers(lessonForm));
    }

    private static java.util.List<Long> paramsOfWeightedLayers(JsonNode summary) {
        return summary.get("layers").valueStream().map(l -> l.get("params").longValue()).filter(p -> p > 0).toList();
    }

    @Test
    void kerasToJsonOfLenetGivesTheNativeSummary() throws Exception {
        String keras;
        try (InputStream in = getClass().getResourceAsStream("/keras/lenet5-keras2.json")) {
            keras = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ApiClient.Response created = api().post("/api/v1/models", keras);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("sourceFormat").stringValue()).isEqualTo("KERAS");
        ObjectNode fromKeras = (ObjectNode) created.json().get("summary");
        ObjectNode fromNative = (ObjectNode) createPreset("lenet5").get("summary");
        fromKeras.remove("name");
        fromNative.remove("name");
        assertThat(fromKeras).isEqualTo(fromNative);
    }

    @Test
    void handSetDetectorFindsTheVerticalLine() {
        String id = createPreset("detector").get("id").stringValue();
        ApiClient.Response set = api().put("/api/v1/models/" + id + "/weights", DETECTOR_WEIGHTS);
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        ApiClient.Response predicted = api().post("/api/v1/models/" + id + "/predict", LINE_IMAGE);
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.json().get("outputs").toString()).isEqualTo("[[3.0]]");
    }

    @Test
    void weightsRoundTripExactlyInKerasLayout() {
        String id = createPreset("lenet5").get("id").stringValue();
        JsonNode initial = api().get("/api/v1/models/" + id + "/weights").json();
        assertThat(initial.get("arrays").findValuesAsString("role")).containsExactly(
                "kernel", "bias", "kernel", "bias", "kernel", "bias", "kernel", "bias", "kernel", "bias");
        assertThat(initial.at("/arrays/0/shape").toString()).isEqualTo("[5,5,1,6]");
        assertThat(initial.at("/arrays/6/shape").toString()).isEqualTo("[5880,84]");

        ApiClient.Response put = api().put("/api/v1/models/" + id + "/weights", initial.toString());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode again = api().get("/api/v1/models/" + id + "/weights").json();
        assertThat(again.get("weights")).isEqualTo(initial.get("weights"));
        assertThat(again.get("updatedAt").isNull()).isFalse();
    }

    @Test
    void weightsOfTheWrongCountOrShapeAreRefusedAndKeepTheOldOnes() {
        String id = createPreset("detector").get("id").stringValue();
        api().put("/api/v1/models/" + id + "/weights", DETECTOR_WEIGHTS);

        ApiClient.Response tooFew = api().put("/api/v1/models/" + id + "/weights", "[[0.0]]");
        assertThat(tooFew.status()).isEqualTo(400);
        assertThat(tooFew.json().get("detail").stringValue()).contains("expected 2 arrays").contains("got 1");

        ApiClient.Response wrongShape = api().put("/api/v1/models/" + id + "/weights", "[[[[[1]],[[1]]]], [0.0]]");
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.json().get("detail").stringValue())
                .contains("array 0").contains("[3, 3, 1, 1]").contains("[1, 2, 1, 1]");

        assertThat(api().post("/api/v1/models/" + id + "/predict", LINE_IMAGE).json().get("outputs").toString())
                .isEqualTo("[[3.0]]");
    }

    @Test
    void predictionInputsOfTheWrongShapeAreRefused() {
        String id = createPreset("detector").get("id").stringValue();
        ApiClient.Response response = api().post("/api/v1/models/" + id + "/predict", "{\"inputs\": [[[1, 2], [3, 4]]]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").stringValue()).contains("[batch, 8, 8, 1]").contains("[1, 2, 2]");
    }

    static Stream<Arguments> malformedDefinitions() {
        String in = "\"inputShape\": [8, 8, 1], ";
        return Stream.of(
                Arguments.of("kernel larger than input", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": 9}]}", 0, "kernelSize"),
                Arguments.of("dense on unflattened conv", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": 3}, {\"type\": \"dense\", \"units\": 4}]}", 1, "units"),
                Arguments.of("negative filters", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filters\": -3, \"kernelSize\": 3}]}", 0, "filters"),
                Arguments.of("unknown layer type", "{" + in + "\"layers\": [{\"type\": \"conv3d\", \"filters\": 2}]}", 0, "type"),
                Arguments.of("unknown activation", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": 3, \"activation\": \"sigmoidal\"}]}", 0, "activation"),
                Arguments.of("unknown padding", "{" + in + "\"layers\": [{\"type\": \"maxPooling2d\", \"padding\": \"full\"}]}", 0, "padding"),
                Arguments.of("dropout rate 1", "{" + in + "\"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dropout\", \"rate\": 1.0}]}", 1, "rate"),
                Arguments.of("zero units", "{" + in + "\"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 0}]}", 1, "units"),
                Arguments.of("typo in a field", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filter\": 2, \"kernelSize\": 3}]}", 0, "filters"),
                Arguments.of("conv after flatten", "{" + in + "\"layers\": [{\"type\": \"flatten\"}, {\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": 3}]}", 1, "type"),
                Arguments.of("pool window over input", "{" + in + "\"layers\": [{\"type\": \"averagePooling2d\", \"poolSize\": [9, 2]}]}", 0, "poolSize"),
                Arguments.of("kernel size of wrong arity", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": [3, 3, 3]}]}", 0, "kernelSize"),
                Arguments.of("duplicate layer names", "{" + in + "\"layers\": [{\"type\": \"flatten\", \"name\": \"a\"}, {\"type\": \"dense\", \"units\": 2, \"name\": \"a\"}]}", 1, "name"),
                Arguments.of("fractional filters", "{" + in + "\"layers\": [{\"type\": \"conv2d\", \"filters\": 2.5, \"kernelSize\": 3}]}", 0, "filters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDefinitions")
    void malformedDefinitionsAreRefusedNamingLayerAndFieldAndNothingIsStored(String caseName, String definition,
                                                                              int layerIndex, String field) {
        int before = api().get("/api/v1/models").json().size();

        ApiClient.Response response = api().post("/api/v1/models", definition);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("layerIndex").intValue()).as(response.body()).isEqualTo(layerIndex);
        assertThat(error.get("field").stringValue()).as(response.body()).isEqualTo(field);
        assertThat(api().get("/api/v1/models").json().size()).isEqualTo(before);
    }

    @Test
    void shapeErrorsNameTheShapesInvolved() {
        ApiClient.Response response = api().post("/api/v1/models", "{\"inputShape\": [8, 8, 1], \"layers\": ["
                + "{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": 3}, {\"type\": \"dense\", \"units\": 4}]}");
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("inputShape").toString()).isEqualTo("[null,6,6,2]");
        assertThat(error.get("detail").stringValue()).contains("(None, 6, 6, 2)").contains("flatten");
    }

    @Test
    void deletedModelsAreGone() {
        String id = createPreset("detector").get("id").stringValue();
        api().put("/api/v1/models/" + id + "/weights", DETECTOR_WEIGHTS);
        assertThat(api().delete("/api/v1/models/" + id).status()).isEqualTo(204);
        ApiClient.Response gone = api().get("/api/v1/models/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(api().post("/api/v1/models/" + id + "/predict", LINE_IMAGE).status()).isEqualTo(404);
        assertThat(api().delete("/api/v1/models/" + id).status()).isEqualTo(404);
    }

    @Test
    void bodiesOverTheLimitGet413() {
        String padding = " ".repeat(17_000_000);
        ApiClient.Response response = api().post("/api/v1/models", "{\"inputShape\": [8, 8, 1]," + padding + "\"layers\": []}");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("title").stringValue()).isEqualTo("Request body too large");
    }

    @Test
    void malformedJsonAndUnknownIdsAreProblems() {
        ApiClient.Response broken = api().post("/api/v1/models", "{\"inputShape\": [8, 8");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.contentType()).startsWith("application/problem+json");
        ApiClient.Response badId = api().get("/api/v1/models/not-a-uuid");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.contentType()).startsWith("application/problem+json");
    }

    @Test
    void actuatorHealthShowsTheNd4jBackend() {
        JsonNode health = api().get("/actuator/health").json();
        assertThat(health.at("/components/nd4j/status").stringValue()).isEqualTo("UP");
        assertThat(health.at("/components/nd4j/details/backend").stringValue()).isEqualTo("CPU");
        assertThat(health.at("/components/nd4j/details/blasVendor").stringValue()).isNotBlank();
        assertThat(health.at("/components/db/details/database").stringValue()).isEqualTo("PostgreSQL");
    }

    @Test
    void swaggerUiAndApiDocsAreServed() {
        assertThat(api().get("/swagger-ui/index.html").status()).isEqualTo(200);
        JsonNode docs = api().get("/v3/api-docs").json();
        assertThat(docs.at("/paths/~1api~1v1~1models/post/requestBody/content/application~1json/examples").size())
                .isGreaterThanOrEqualTo(2);
        assertThat(docs.at("/paths/~1api~1v1~1models~1{id}~1weights/put").isMissingNode()).isFalse();
    }
}
