package dev.convnet.definition;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Field-level checks and Keras defaults of the native definition document (no shapes involved). */
class DefinitionReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DefinitionReader reader = new DefinitionReader();

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** A document with the given layers on an 8x8x1 input. */
    static JsonNode layers(String layersJson) {
        return json("{\"inputShape\": [8, 8, 1], \"layers\": [" + layersJson + "]}");
    }

    private List<Violation> violations(JsonNode document) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () -> reader.read(document));
        assertThat(e).as("expected the definition to be refused").isNotNull();
        return e.violations();
    }

    private Violation onlyViolation(JsonNode document) {
        List<Violation> violations = violations(document);
        assertThat(violations).hasSize(1);
        return violations.get(0);
    }

    private static void assertLayerViolation(Violation v, int layerIndex, String field, String detailPart) {
        assertThat(v.layerIndex()).isEqualTo(layerIndex);
        assertThat(v.field()).isEqualTo(field);
        assertThat(v.pointer()).isEqualTo("/layers/" + layerIndex + "/" + field);
        assertThat(v.detail()).contains(detailPart);
    }

    private static void assertDocumentViolation(Violation v, String field, String detailPart) {
        assertThat(v.layerIndex()).isNull();
        assertThat(v.field()).isEqualTo(field);
        assertThat(v.pointer()).isEqualTo("/" + field);
        assertThat(v.detail()).contains(detailPart);
    }

    // ---- malformed definitions ----

    @Test
    void negativeFilters() {
        Violation v = onlyViolation(layers("""
                {"type": "conv2d", "filters": 4, "kernelSize": 3},
                {"type": "conv2d", "filters": -3, "kernelSize": 3}"""));
        assertLayerViolation(v, 1, "filters", "must be a positive integer, got -3");
        assertThat(v.layerType()).isEqualTo("conv2d");
    }

    @Test
    void nonIntegerFilters() {
        Violation v = onlyViolation(layers("""
                {"type": "conv2d", "filters": 2.5, "kernelSize": 3}"""));
        assertLayerViolation(v, 0, "filters", "must be a positive integer, got 2.5");
    }

    @Test
    void zeroUnits() {
        Violation v = onlyViolation(layers("""
                {"type": "flatten"}, {"type": "dense", "units": 0}"""));
        assertLayerViolation(v, 1, "units", "must be a positive integer, got 0");
        assertThat(v.layerType()).isEqualTo("dense");
    }

    @Test
    void unknownLayerType() {
        Violation v = onlyViolation(layers("""
                {"type": "flatten"}, {"type": "conv3d", "filters": 2}"""));
        assertLayerViolation(v, 1, "type", "unknown layer type 'conv3d'");
        assertThat(v.detail()).contains("conv2d", "maxPooling2d", "batchNormalization");
    }

    @Test
    void missingLayerType() {
        Violation v = onlyViolation(layers("""
                {"filters": 2}"""));
        assertLayerViolation(v, 0, "type", "type is required");
    }

    @Test
    void unknownActivation() {
        Violation v = onlyViolation(layers("""
                {"type": "conv2d", "filters": 2, "kernelSize": 3, "activation": "relux"}"""));
        assertLayerViolation(v, 0, "activation", "unknown value 'relux'");
        assertThat(v.detail()).contains("relu", "softmax", "leaky_relu");
    }

    @Test
    void unknownPadding() {
        Violation v = onlyViolation(layers("""
                {"type": "maxPooling2d", "padding": "full"}"""));
        assertLayerViolation(v, 0, "padding", "unknown value 'full'");
        assertThat(v.detail()).contains("valid, same");
    }

    @Test
    void dropoutRateOfOneDropsEverything() {
        Violation v = onlyViolation(layers("""
                {"type": "flatten"}, {"type": "dropout", "rate": 1.0}"""));
        assertLayerViolation(v, 1, "rate", "must be in [0.0, 1.0), got 1.0");
    }

    @Test
    void negativeDropoutRate() {
        Violation v = onlyViolation(layers("""
                {"type": "dropout", "rate": -0.1}"""));
        assertLayerViolation(v, 0, "rate", "got -0.1");
    }

    @Test
    void kernelSizeWithOneDimension() {
        Violation v = onlyViolation(layers("""
                {"type": "conv2d", "filters": 2, "kernelSize": [3]}"""));
        assertLayerViolation(v, 0, "kernelSize", "must be a positive integer or a pair [height, width], got [3]");
    }

    @Test
    void misspelledFieldIsNotSilentlyDefaulted() {
        List<Violation> violations = violations(layers("""
                {"type": "conv2d", "filter": 8, "kernelSize": 3}"""));
        assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrder("filters", "filter");
        Violation typo = violations.stream().filter(v -> v.field().equals("filter")).findFirst().orElseThrow();
        assertLayerViolation(typo, 0, "filter", "filter is not a field of conv2d");
        assertThat(typo.detail()).contains("filters", "kernelSize");
        Violation missing = violations.stream().filter(v -> v.field().equals("filters")).findFirst().orElseThrow();
        assertLayerViolation(missing, 0, "filters", "is required for conv2d");
    }

    @Test
    void missingInputShape() {
        Violation v = onlyViolation(json("""
                {"layers": [{"type": "flatten"}]}"""));
        assertDocumentViolation(v, "inputShape", "[height, width, channels]");
    }

    @Test
    void inputShapeWithTwoDimensions() {
        Violation v = onlyViolation(json("""
                {"inputShape": [28, 28], "layers": [{"type": "flatten"}]}"""));
        assertDocumentViolation(v, "inputShape", "got [28,28]");
    }

    @Test
    void inputShapeWithZeroDimension() {
        Violation v = onlyViolation(json("""
                {"inputShape": [28, 0, 1], "layers": [{"type": "flatten"}]}"""));
        assertDocumentViolation(v, "inputShape", "positive integers");
    }

    @Test
    void emptyLayers() {
        Violation v = onlyViolation(json("""
                {"inputShape": [8, 8, 1], "layers": []}"""));
        assertDocumentViolation(v, "layers", "non-empty array");
    }

    @Test
    void duplicateLayerNames() {
        Violation v = onlyViolation(layers("""
                {"type": "conv2d", "name": "features", "filters": 2, "kernelSize": 3},
                {"type": "maxPooling2d"},
                {"type": "flatten", "name": "features"}"""));
        assertLayerViolation(v, 2, "name", "name 'features' is used by an earlier layer");
    }

    @Test
    void unknownLoss() {
        Violation v = onlyViolation(json("""
                {"inputShape": [8, 8, 1], "layers": [{"type": "flatten"}], "loss": "cross_entropy"}"""));
        assertDocumentViolation(v, "loss", "loss \"cross_entropy\" is unknown");
        assertThat(v.detail()).contains("categorical_crossentropy");
    }

    @Test
    void unknownDocumentField() {
        Violation v = onlyViolation(json("""
                {"inputShape": [8, 8, 1], "layer": [], "layers": [{"type": "flatten"}]}"""));
        assertDocumentViolation(v, "layer", "layer is not a definition field");
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        List<Violation> violations = violations(json("""
                {"inputShape": [8, 8], "layers": [
                  {"type": "conv2d", "filters": 0, "kernelSize": 3},
                  {"type": "dense", "units": 4, "activation": "nope"}]}"""));
        assertThat(violations).extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/inputShape", "/layers/0/filters", "/layers/1/activation");
    }

    @Test
    void exceptionMessageNamesLayerAndField() {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> reader.read(layers("{\"type\": \"conv2d\", \"filters\": -1, \"kernelSize\": 3}")));
        assertThat(e.getMessage()).startsWith("layer 0 field 'filters': ");
    }

    // ---- Keras defaults ----

    @Test
    void convDefaultsAreKeras() {
        ModelDefinition definition = reader.read(layers("""
                {"type": "conv2d", "filters": 4, "kernelSize": 3}"""));
        assertThat(definition.layers().get(0)).isEqualTo(
                new LayerSpec.Conv2D("conv2d", 4, 3, 3, 1, 1, Padding.VALID, Activation.LINEAR, true));
        assertThat(definition.name()).isEqualTo("sequential");
    }

    @Test
    void kernelSizeMayBeAPair() {
        ModelDefinition definition = reader.read(layers("""
                {"type": "conv2d", "filters": 4, "kernelSize": [3, 2], "strides": [2, 1], "padding": "same",
                 "activation": "leakyRelu", "useBias": false}"""));
        assertThat(definition.layers().get(0)).isEqualTo(
                new LayerSpec.Conv2D("conv2d", 4, 3, 2, 2, 1, Padding.SAME, Activation.LEAKY_RELU, false));
    }

    @Test
    void poolingStridesDefaultToPoolSize() {
        ModelDefinition definition = reader.read(layers("""
                {"type": "maxPooling2d", "poolSize": [3, 2]},
                {"type": "averagePooling2d"}"""));
        assertThat(definition.layers()).containsExactly(
                new LayerSpec.Pooling2D("max_pooling2d", LayerSpec.PoolingKind.MAX, 3, 2, 3, 2, Padding.VALID),
                new LayerSpec.Pooling2D("average_pooling2d", LayerSpec.PoolingKind.AVERAGE, 2, 2, 2, 2, Padding.VALID));
    }

    @Test
    void denseAndBatchNormDefaults() {
        ModelDefinition definition = reader.read(layers("""
                {"type": "flatten"}, {"type": "batchNormalization"}, {"type": "dense", "units": 3}"""));
        assertThat(definition.layers().get(1)).isEqualTo(new LayerSpec.BatchNormalization("batch_normalization", 0.99, 0.001));
        assertThat(definition.layers().get(2)).isEqualTo(new LayerSpec.Dense("dense", 3, Activation.LINEAR, true));
    }

    @Test
    void layersAreNamedAsKerasNamesThem() {
        ModelDefinition definition = reader.read(layers("""
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "maxPooling2d"},
                {"type": "batchNormalization"},
                {"type": "conv2d", "filters": 2, "kernelSize": 1},
                {"type": "globalAveragePooling2d"},
                {"type": "dense", "units": 4},
                {"type": "dropout", "rate": 0.5},
                {"type": "dense", "units": 2},
                {"type": "activation", "activation": "softmax"}"""));
        assertThat(definition.layers()).extracting(LayerSpec::name).containsExactly(
                "conv2d", "conv2d_1", "max_pooling2d", "batch_normalization", "conv2d_2",
                "global_average_pooling2d", "dense", "dropout", "dense_1", "activation");
    }

    @Test
    void explicitNamesDoNotUseUpKerasAutomaticNames() {
        // Keras only draws from its name counter for layers created without a name.
        ModelDefinition definition = reader.read(layers("""
                {"type": "conv2d", "name": "first", "filters": 2, "kernelSize": 3},
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "conv2d", "filters": 2, "kernelSize": 1}"""));
        assertThat(definition.layers()).extracting(LayerSpec::name).containsExactly("first", "conv2d", "conv2d_1");
    }

    @Test
    void invalidNameIsReportedOnceWithoutASpuriousDuplicate() {
        Violation v = onlyViolation(layers("""
                {"type": "flatten", "name": "bad name!"}, {"type": "dropout", "rate": 0.1}, {"type": "flatten"}"""));
        assertLayerViolation(v, 0, "name", "must be 1-100 characters");
    }

    @Test
    void typeAndActivationAcceptKerasSpelling() {
        ModelDefinition definition = reader.read(layers("""
                {"type": "max_pooling2d"}, {"type": "Flatten"}, {"type": "dense", "units": 2, "activation": "leaky_relu"}"""));
        assertThat(definition.layers().get(0)).isInstanceOf(LayerSpec.Pooling2D.class);
        assertThat(definition.layers().get(2)).isEqualTo(new LayerSpec.Dense("dense", 2, Activation.LEAKY_RELU, true));
    }

    // ---- default loss ----

    @Test
    void softmaxOutputDefaultsToCategoricalCrossentropy() {
        assertThat(reader.read(layers("""
                {"type": "flatten"}, {"type": "dense", "units": 3, "activation": "softmax"}""")).loss())
                .isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
        // a separate Activation layer counts, and layers that do not transform values are skipped
        assertThat(reader.read(layers("""
                {"type": "flatten"}, {"type": "dense", "units": 3}, {"type": "activation", "activation": "softmax"},
                {"type": "dropout", "rate": 0.1}""")).loss())
                .isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
    }

    @Test
    void sigmoidOutputDefaultsToBinaryCrossentropy() {
        assertThat(reader.read(layers("""
                {"type": "flatten"}, {"type": "dense", "units": 1, "activation": "sigmoid"}""")).loss())
                .isEqualTo(Loss.BINARY_CROSSENTROPY);
    }

    @Test
    void otherOutputsDefaultToMeanSquaredError() {
        assertThat(reader.read(layers("""
                {"type": "flatten"}, {"type": "dense", "units": 1, "activation": "relu"}""")).loss())
                .isEqualTo(Loss.MEAN_SQUARED_ERROR);
        // the lesson's detector: conv relu, then global max pooling
        assertThat(reader.read(layers("""
                {"type": "conv2d", "filters": 1, "kernelSize": 3, "activation": "relu"}, {"type": "globalMaxPooling2d"}""")).loss())
                .isEqualTo(Loss.MEAN_SQUARED_ERROR);
    }

    @Test
    void explicitLossWins() {
        JsonNode document = json("""
                {"inputShape": [8, 8, 1], "loss": "mse",
                 "layers": [{"type": "flatten"}, {"type": "dense", "units": 3, "activation": "softmax"}]}""");
        assertThat(reader.read(document).loss()).isEqualTo(Loss.MEAN_SQUARED_ERROR);
        JsonNode sparse = json("""
                {"inputShape": [8, 8, 1], "loss": "sparse_categorical_crossentropy",
                 "layers": [{"type": "flatten"}, {"type": "dense", "units": 3, "activation": "softmax"}]}""");
        assertThat(reader.read(sparse).loss()).isEqualTo(Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
    }
}
