package dev.convnet.definition;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Shapes and parameter counts as Keras computes them, and the shape errors Keras would refuse to build. */
class ShapeInferenceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DefinitionReader reader = new DefinitionReader();
    private final ShapeInference inference = new ShapeInference();

    private Architecture infer(String inputShape, String layersJson) {
        JsonNode document = JSON.readTree("{\"inputShape\": " + inputShape + ", \"layers\": [" + layersJson + "]}");
        return inference.infer(reader.read(document));
    }

    private Violation onlyViolation(String inputShape, String layersJson) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> infer(inputShape, layersJson));
        assertThat(e).as("expected the definition to be refused").isNotNull();
        assertThat(e.violations()).hasSize(1);
        return e.violations().get(0);
    }

    private static List<Integer> shape(Integer... dims) {
        return Arrays.asList(dims);
    }

    // ---- malformed definitions ----

    @Test
    void kernelLargerThanInputWithValidPadding() {
        Violation v = onlyViolation("[8, 8, 1]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "conv2d", "filters": 2, "kernelSize": [7, 3]}""");
        assertThat(v.layerIndex()).isEqualTo(1);
        assertThat(v.field()).isEqualTo("kernelSize");
        assertThat(v.pointer()).isEqualTo("/layers/1/kernelSize");
        assertThat(v.inputShape()).isEqualTo(shape(null, 6, 6, 2));
        assertThat(v.detail()).contains("kernelSize 7x3 is larger than the layer's input 6x6", "'valid'");
    }

    @Test
    void kernelLargerThanInputIsFineWithSamePadding() {
        Architecture architecture = infer("[4, 4, 1]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 5, "padding": "same"}""");
        assertThat(architecture.outputShape().withBatch()).isEqualTo(shape(null, 4, 4, 2));
    }

    @Test
    void denseOnUnflattenedConvOutput() {
        Violation v = onlyViolation("[8, 8, 1]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "dense", "units": 10}""");
        assertThat(v.layerIndex()).isEqualTo(1);
        assertThat(v.layerType()).isEqualTo("dense");
        assertThat(v.field()).isEqualTo("units");
        assertThat(v.inputShape()).isEqualTo(shape(null, 6, 6, 2));
        assertThat(v.detail()).contains("(None, 6, 6, 2)", "flatten");
    }

    @Test
    void convAfterFlatten() {
        Violation v = onlyViolation("[8, 8, 1]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 3},
                {"type": "flatten"},
                {"type": "conv2d", "filters": 2, "kernelSize": 3}""");
        assertThat(v.layerIndex()).isEqualTo(2);
        assertThat(v.layerType()).isEqualTo("conv2d");
        assertThat(v.field()).isEqualTo("type");
        assertThat(v.inputShape()).isEqualTo(shape(null, 72));
        assertThat(v.detail()).contains("expects a 4-D input", "(None, 72)");
    }

    @Test
    void poolingAfterGlobalPooling() {
        Violation v = onlyViolation("[8, 8, 3]", """
                {"type": "globalAveragePooling2d"},
                {"type": "maxPooling2d"}""");
        assertThat(v.layerIndex()).isEqualTo(1);
        assertThat(v.field()).isEqualTo("type");
        assertThat(v.inputShape()).isEqualTo(shape(null, 3));
    }

    @Test
    void poolingWindowLargerThanInput() {
        Violation v = onlyViolation("[5, 5, 1]", """
                {"type": "conv2d", "filters": 3, "kernelSize": 3},
                {"type": "maxPooling2d", "poolSize": [2, 4]}""");
        assertThat(v.layerIndex()).isEqualTo(1);
        assertThat(v.layerType()).isEqualTo("maxPooling2d");
        assertThat(v.field()).isEqualTo("poolSize");
        assertThat(v.inputShape()).isEqualTo(shape(null, 3, 3, 3));
        assertThat(v.detail()).contains("poolSize 2x4 is larger than the layer's input 3x3");
    }

    @Test
    void shapeErrorsStopAtTheFirstBadLayer() {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () -> infer("[4, 4, 1]", """
                {"type": "conv2d", "filters": 2, "kernelSize": 5},
                {"type": "dense", "units": 3}"""));
        assertThat(e.violations()).extracting(Violation::layerIndex).containsExactly(0);
    }

    // ---- shapes and parameters ----

    @Test
    void samePaddingWithStrideTwoGivesCeilingOfHalf() {
        Architecture architecture = infer("[7, 5, 3]", """
                {"type": "conv2d", "filters": 4, "kernelSize": 3, "strides": 2, "padding": "same"},
                {"type": "maxPooling2d", "poolSize": 3, "strides": 2, "padding": "same"}""");
        assertThat(architecture.layers().get(0).output().withBatch()).isEqualTo(shape(null, 4, 3, 4));
        assertThat(architecture.layers().get(1).output().withBatch()).isEqualTo(shape(null, 2, 2, 4));
        assertThat(architecture.layers().get(0).params()).isEqualTo(3 * 3 * 3 * 4 + 4);
    }

    @Test
    void validPaddingWithStrideFloorsLikeKeras() {
        // Keras: floor((in - k) / s) + 1
        Architecture architecture = infer("[7, 8, 1]", """
                {"type": "conv2d", "filters": 1, "kernelSize": 3, "strides": 2},
                {"type": "averagePooling2d", "poolSize": 2}""");
        assertThat(architecture.layers().get(0).output().withBatch()).isEqualTo(shape(null, 3, 3, 1));
        assertThat(architecture.layers().get(1).output().withBatch()).isEqualTo(shape(null, 1, 1, 1));
    }

    @Test
    void poolingStridesDefaultToPoolSize() {
        Architecture architecture = infer("[9, 9, 2]", """
                {"type": "maxPooling2d", "poolSize": 3}""");
        assertThat(architecture.outputShape().withBatch()).isEqualTo(shape(null, 3, 3, 2));
    }

    @Test
    void flattenRemembersTheSpatialShapeAndCountsHeightWidthChannels() {
        Architecture architecture = infer("[5, 4, 2]", """
                {"type": "conv2d", "filters": 3, "kernelSize": 3},
                {"type": "flatten"},
                {"type": "batchNormalization"},
                {"type": "dense", "units": 2, "useBias": false}""");
        LayerShape flatten = architecture.layers().get(1);
        assertThat(flatten.output().withBatch()).isEqualTo(shape(null, 18));
        assertThat(flatten.output().flattenedFrom()).isEqualTo(new InputShape(3, 2, 3));
        assertThat(architecture.layers().get(2).params()).isEqualTo(4 * 18);
        assertThat(architecture.layers().get(2).nonTrainableParams()).isEqualTo(2 * 18);
        assertThat(architecture.layers().get(3).params()).isEqualTo(18 * 2);
        assertThat(architecture.totalParams()).isEqualTo(3 * 3 * 2 * 3 + 3 + 72 + 36);
    }

    @Test
    void convWithoutBiasHasOnlyKernelParameters() {
        Architecture architecture = infer("[6, 6, 3]", """
                {"type": "conv2d", "filters": 8, "kernelSize": [3, 1], "useBias": false}""");
        assertThat(architecture.layers().get(0).params()).isEqualTo(3 * 1 * 3 * 8);
        assertThat(architecture.outputShape().withBatch()).isEqualTo(shape(null, 4, 6, 8));
    }

    @Test
    void dropoutActivationAndGlobalPoolingShapes() {
        Architecture architecture = infer("[6, 6, 3]", """
                {"type": "dropout", "rate": 0.0},
                {"type": "activation", "activation": "relu"},
                {"type": "globalMaxPooling2d"},
                {"type": "dense", "units": 5, "activation": "softmax"}""");
        assertThat(architecture.layers()).extracting(l -> l.output().withBatch()).containsExactly(
                shape(null, 6, 6, 3), shape(null, 6, 6, 3), shape(null, 3), shape(null, 5));
        assertThat(architecture.totalParams()).isEqualTo(3 * 5 + 5);
    }
}
