package dev.convnet.definition;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** Keras's model.to_json() (Keras 2 and Keras 3 forms) parses to the same network as the native form. */
class KerasJsonTranslatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DefinitionParser parser = new DefinitionParser();

    /** What Keras 2.11 (TF 2.11) writes for the lesson's LeNet-5, field for field. */
    static final String LENET5_KERAS2 = """
            {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32",
                "sparse": false, "ragged": false, "name": "conv2d_input"}},
              {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32",
                "batch_input_shape": [null, 28, 28, 1], "filters": 6, "kernel_size": [5, 5], "strides": [1, 1],
                "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
                "activation": "tanh", "use_bias": true,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                "bias_initializer": {"class_name": "Zeros", "config": {}},
                "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
                "kernel_constraint": null, "bias_constraint": null}},
              {"class_name": "AveragePooling2D", "config": {"name": "average_pooling2d", "trainable": true,
                "dtype": "float32", "pool_size": [2, 2], "padding": "valid", "strides": [1, 1],
                "data_format": "channels_last"}},
              {"class_name": "Conv2D", "config": {"name": "conv2d_1", "trainable": true, "dtype": "float32",
                "filters": 16, "kernel_size": [5, 5], "strides": [1, 1], "padding": "valid",
                "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "tanh",
                "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null,
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
                "bias_constraint": null}},
              {"class_name": "AveragePooling2D", "config": {"name": "average_pooling2d_1", "trainable": true,
                "dtype": "float32", "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
                "data_format": "channels_last"}},
              {"class_name": "Conv2D", "config": {"name": "conv2d_2", "trainable": true, "dtype": "float32",
                "filters": 120, "kernel_size": [5, 5], "strides": [1, 1], "padding": "valid",
                "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "tanh",
                "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null,
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
                "bias_constraint": null}},
              {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32",
                "data_format": "channels_last"}},
              {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 84,
                "activation": "tanh", "use_bias": true,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null,
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
                "bias_constraint": null}},
              {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 10,
                "activation": "softmax", "use_bias": true,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null,
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
                "bias_constraint": null}}
            ]}, "keras_version": "2.11.0", "backend": "tensorflow"}""";

    private static final String DTYPE_POLICY = """
            {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}""";

    /** What Keras 3 writes for the lesson's detector after compile(loss="mse"). */
    static final String DETECTOR_KERAS3 = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
              "dtype": %1$s, "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 1],
                "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
              {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true,
                "dtype": %1$s, "filters": 1, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
                "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers",
                "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null,
                "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
                "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 8, 8, 1]}},
              {"module": "keras.layers", "class_name": "GlobalMaxPooling2D", "config": {"name": "global_max_pooling2d",
                "trainable": true, "dtype": %1$s, "data_format": "channels_last", "keepdims": false},
                "registered_name": null, "build_config": {"input_shape": [null, 6, 6, 1]}}
              ], "build_input_shape": [null, 8, 8, 1]},
             "registered_name": null, "build_config": {"input_shape": [null, 8, 8, 1]},
             "compile_config": {"optimizer": "rmsprop", "loss": "mean_squared_error", "loss_weights": null,
               "metrics": null, "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1,
               "jit_compile": false}}""".formatted(DTYPE_POLICY);

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static JsonNode preset(String id) throws Exception {
        try (InputStream in = KerasJsonTranslatorTest.class.getResourceAsStream("/presets/" + id + ".json")) {
            return JSON.readTree(in);
        }
    }

    private Architecture parse(JsonNode document) {
        return parser.parse(document).architecture();
    }

    private List<Violation> violations(JsonNode document) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () -> parser.parse(document));
        assertThat(e).as("expected the Keras model to be refused").isNotNull();
        return e.violations();
    }

    /** The Keras 2 LeNet-5 with one field of one layer's config (index in config.layers, InputLayer = 0) replaced. */
    private static JsonNode lenetWith(int kerasLayer, String field, String valueJson) {
        JsonNode document = json(LENET5_KERAS2);
        ObjectNode config = (ObjectNode) document.get("config").get("layers").get(kerasLayer).get("config");
        config.set(field, json(valueJson));
        return document;
    }

    @Test
    void keras2LenetGivesTheSameSummaryAsTheNativePreset() throws Exception {
        ParsedDefinition keras = parser.parse(json(LENET5_KERAS2));
        ModelSummary fromKeras = ModelSummary.of(keras.architecture());
        ModelSummary fromNative = ModelSummary.of(parse(preset("lenet5")));

        assertThat(keras.format()).isEqualTo(DefinitionFormat.KERAS);
        assertThat(fromKeras.layers()).extracting(ModelSummary.Row::type, ModelSummary.Row::outputShape, ModelSummary.Row::params)
                .isEqualTo(fromNative.layers().stream().map(r -> tuple(r.type(), r.outputShape(), r.params())).toList());
        assertThat(fromKeras.totalParams()).isEqualTo(fromNative.totalParams()).isEqualTo(545_546);
        assertThat(fromKeras.trainableParams()).isEqualTo(545_546);
        assertThat(fromKeras.nonTrainableParams()).isZero();
        assertThat(fromKeras.layers()).extracting(ModelSummary.Row::name).containsExactly(
                "conv2d", "average_pooling2d", "conv2d_1", "average_pooling2d_1", "conv2d_2", "flatten", "dense", "dense_1");
        assertThat(fromKeras.name()).isEqualTo("sequential");
        assertThat(keras.architecture().definition().loss()).isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
        // the translated document is this API's own form, so it round-trips through the native reader
        assertThat(parse(keras.document()).layers()).isEqualTo(keras.architecture().layers());
    }

    @Test
    void keras2LenetLayersMatchTheNativeLayersExactly() throws Exception {
        List<LayerSpec> fromKeras = parse(json(LENET5_KERAS2)).definition().layers();
        List<LayerSpec> fromNative = parse(preset("lenet5")).definition().layers();
        assertThat(fromKeras).isEqualTo(fromNative);
    }

    @Test
    void keras3DetectorWithDtypePoliciesAndBuildConfig() {
        ParsedDefinition parsed = parser.parse(json(DETECTOR_KERAS3));
        ModelSummary summary = ModelSummary.of(parsed.architecture());
        assertThat(parsed.format()).isEqualTo(DefinitionFormat.KERAS);
        assertThat(summary.layers()).extracting(ModelSummary.Row::name, ModelSummary.Row::type)
                .containsExactly(tuple("conv2d", "Conv2D"),
                        tuple("global_max_pooling2d", "GlobalMaxPooling2D"));
        assertThat(summary.layers()).extracting(ModelSummary.Row::outputShape)
                .containsExactly(Arrays.asList(null, 6, 6, 1), Arrays.asList(null, 1));
        assertThat(summary.totalParams()).isEqualTo(10);
        assertThat(parsed.architecture().definition().inputShape()).isEqualTo(new InputShape(8, 8, 1));
        assertThat(parsed.architecture().definition().loss()).isEqualTo(Loss.MEAN_SQUARED_ERROR);
        assertThat(parsed.architecture().definition().layers().get(0))
                .isEqualTo(new LayerSpec.Conv2D("conv2d", 1, 3, 3, 1, 1, Padding.VALID, Activation.RELU, true));
    }

    @Test
    void keras3ActivationObjectIsUnwrapped() {
        String withObject = DETECTOR_KERAS3.replace("\"activation\": \"relu\"",
                "\"activation\": {\"module\": \"keras.activations\", \"class_name\": \"function\", \"config\": {\"name\": \"relu\"}, \"registered_name\": null}");
        assertThat(withObject).isNotEqualTo(DETECTOR_KERAS3);
        LayerSpec conv = parse(json(withObject)).definition().layers().get(0);
        assertThat(((LayerSpec.Conv2D) conv).activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void keras3InputShapeFromBuildInputShapeWhenThereIsNoInputLayer() {
        JsonNode document = json("""
                {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "sigmoid"}}
                ], "build_input_shape": [null, 4, 5, 2]}}""");
        Architecture architecture = parse(document);
        assertThat(architecture.definition().inputShape()).isEqualTo(new InputShape(4, 5, 2));
        assertThat(architecture.totalParams()).isEqualTo(40 * 3 + 3);
        assertThat(architecture.definition().loss()).isEqualTo(Loss.BINARY_CROSSENTROPY);
    }

    @Test
    void channelsFirstIsRefused() {
        List<Violation> violations = violations(lenetWith(4, "data_format", "\"channels_first\""));
        assertThat(violations).hasSize(1);
        Violation v = violations.get(0);
        // index among the model's layers, as Keras's model.layers counts them (the InputLayer is not one)
        assertThat(v.layerIndex()).isEqualTo(3);
        assertThat(v.field()).isEqualTo("data_format");
        assertThat(v.detail()).contains("'channels_first' is not supported", "channels_last");
    }

    @Test
    void dilationIsRefused() {
        List<Violation> violations = violations(lenetWith(3, "dilation_rate", "[2, 2]"));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.layerIndex()).isEqualTo(2);
            assertThat(v.layerType()).isEqualTo("conv2d");
            assertThat(v.field()).isEqualTo("dilation_rate");
            assertThat(v.detail()).contains("dilation_rate [2,2] is not supported");
        });
        assertThat(violations(lenetWith(1, "dilation_rate", "2"))).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("dilation_rate"));
    }

    @Test
    void groupedConvolutionIsRefused() {
        assertThat(violations(lenetWith(1, "groups", "2"))).singleElement().satisfies(v -> {
            assertThat(v.layerIndex()).isEqualTo(0);
            assertThat(v.field()).isEqualTo("groups");
        });
    }

    @Test
    void unsupportedLayerIsRefused() {
        JsonNode document = json(LENET5_KERAS2);
        ObjectNode dense = (ObjectNode) document.get("config").get("layers").get(7);
        dense.put("class_name", "LSTM");
        List<Violation> violations = violations(document);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.layerIndex()).isEqualTo(6);
            assertThat(v.layerType()).isEqualTo("LSTM");
            assertThat(v.field()).isEqualTo("class_name");
            assertThat(v.detail()).contains("Keras layer 'LSTM' is not supported", "Conv2D", "Dense");
        });
    }

    @Test
    void subclassedModelIsRefused() {
        JsonNode document = json(LENET5_KERAS2);
        ((ObjectNode) document).put("class_name", "MyResNet");
        assertThat(violations(document)).singleElement().satisfies(v -> {
            assertThat(v.layerIndex()).isNull();
            assertThat(v.field()).isEqualTo("class_name");
            assertThat(v.detail()).contains("'Sequential', 'Functional' or 'Model'", "MyResNet");
        });
    }

    @Test
    void missingInputShapeIsRefused() {
        JsonNode document = json(LENET5_KERAS2);
        ((ArrayNode) document.get("config").get("layers")).remove(0);
        ((ObjectNode) document.get("config").get("layers").get(0).get("config")).remove("batch_input_shape");
        assertThat(violations(document)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("inputShape");
            assertThat(v.detail()).contains("batch_input_shape");
        });
    }

    @Test
    void badValuesInsideKerasLayersReachTheNativeChecks() {
        List<Violation> violations = violations(lenetWith(3, "filters", "-16"));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.layerIndex()).isEqualTo(2);
            assertThat(v.field()).isEqualTo("filters");
            assertThat(v.detail()).contains("got -16");
        });
    }

    @Test
    void cifarWithSeparateActivationsAndFusedActivationsAreTheSameNetwork() throws Exception {
        Architecture separate = parse(preset("cifar10-cnn"));
        Architecture fused = parse(json("""
                {"name": "cifar10_fused", "inputShape": [32, 32, 3], "layers": [
                  {"type": "conv2d", "filters": 32, "kernelSize": 3, "padding": "same", "activation": "relu"},
                  {"type": "conv2d", "filters": 32, "kernelSize": 3, "activation": "relu"},
                  {"type": "maxPooling2d", "poolSize": 2},
                  {"type": "dropout", "rate": 0.25},
                  {"type": "conv2d", "filters": 64, "kernelSize": 3, "padding": "same", "activation": "relu"},
                  {"type": "conv2d", "filters": 64, "kernelSize": 3, "activation": "relu"},
                  {"type": "maxPooling2d", "poolSize": 2},
                  {"type": "dropout", "rate": 0.25},
                  {"type": "flatten"},
                  {"type": "dense", "units": 512, "activation": "relu"},
                  {"type": "dropout", "rate": 0.5},
                  {"type": "dense", "units": 10, "activation": "softmax"}]}"""));

        assertThat(separate.layers()).hasSize(18);
        assertThat(fused.layers()).hasSize(12);
        assertThat(weighted(separate)).hasSize(6).isEqualTo(weighted(fused));
        assertThat(separate.totalParams()).isEqualTo(fused.totalParams()).isEqualTo(1_250_858);
        assertThat(separate.outputShape()).isEqualTo(fused.outputShape());
        assertThat(separate.definition().loss()).isEqualTo(fused.definition().loss()).isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
        assertThat(weighted(fused)).containsExactly(
                new Weighted(Arrays.asList(null, 32, 32, 32), 896), new Weighted(Arrays.asList(null, 30, 30, 32), 9_248),
                new Weighted(Arrays.asList(null, 15, 15, 64), 18_496), new Weighted(Arrays.asList(null, 13, 13, 64), 36_928),
                new Weighted(Arrays.asList(null, 512), 1_180_160), new Weighted(Arrays.asList(null, 10), 5_130));
    }

    record Weighted(List<Integer> outputShape, long params) {
    }

    /** Output shape and parameter count of each conv and dense layer, in order. */
    private static List<Weighted> weighted(Architecture architecture) {
        return architecture.layers().stream()
                .filter(l -> l.layer() instanceof LayerSpec.Conv2D || l.layer() instanceof LayerSpec.Dense)
                .map(l -> new Weighted(l.output().withBatch(), l.params()))
                .toList();
    }
}
