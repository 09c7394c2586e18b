package dev.convnet.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON that Keras's {@code model.to_json()} writes for a Sequential or functional model (Keras 2 and 3
 * forms) into this API's definition document, so that one reader validates both. Settings this service cannot
 * honour (channels_first, dilation, groups, ...) are refused rather than silently ignored; kernel regularizers
 * are kept (L2 only), initializers and constraints are training-time details that do not change the architecture.
 */
public final class KerasJsonTranslator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Keras class name (and its aliases) -> this API's layer type. */
    private static final Map<String, String> LAYER_TYPES = Map.ofEntries(
            Map.entry("Conv2D", "conv2d"), Map.entry("Convolution2D", "conv2d"),
            Map.entry("MaxPooling2D", "maxPooling2d"), Map.entry("MaxPool2D", "maxPooling2d"),
            Map.entry("AveragePooling2D", "averagePooling2d"), Map.entry("AvgPool2D", "averagePooling2d"),
            Map.entry("GlobalMaxPooling2D", "globalMaxPooling2d"), Map.entry("GlobalMaxPool2D", "globalMaxPooling2d"),
            Map.entry("GlobalAveragePooling2D", "globalAveragePooling2d"),
            Map.entry("GlobalAvgPool2D", "globalAveragePooling2d"),
            Map.entry("Flatten", "flatten"), Map.entry("Dense", "dense"), Map.entry("Dropout", "dropout"),
            Map.entry("Activation", "activation"), Map.entry("BatchNormalization", "batchNormalization"),
            Map.entry("SeparableConv2D", "separableConv2d"), Map.entry("SeparableConvolution2D", "separableConv2d"),
            Map.entry("DepthwiseConv2D", "depthwiseConv2d"), Map.entry("Add", "add"),
            Map.entry("Concatenate", "concatenate"));

    public static boolean isKerasDocument(JsonNode document) {
        return document != null && document.isObject() && document.has("class_name") && document.has("config");
    }

    /** Layers of a Keras document, its InputLayer not counted, without translating any. */
    static int layerCount(JsonNode keras) {
        JsonNode config = keras.get("config");
        JsonNode kerasLayers = config.isArray() ? config : config.path("layers");
        int count = 0;
        for (JsonNode layer : kerasLayers) {
            if (!"InputLayer".equals(layer.path("class_name").asString(""))) {
                count++;
            }
        }
        return count;
    }

    public JsonNode translate(JsonNode keras) {
        List<Violation> violations = new ArrayList<>();
        String modelClass = keras.path("class_name").asString("");
        boolean functional = KerasFunctionalLayers.CLASS_NAMES.contains(modelClass);
        if (!functional && !"Sequential".equals(modelClass)) {
            throw new InvalidDefinitionException(Violation.document("class_name",
                    "class_name must be 'Sequential', 'Functional' or 'Model', got " + keras.path("class_name")));
        }
        JsonNode config = keras.get("config");
        JsonNode kerasLayers = config.isArray() ? config : config.path("layers");
        if (!kerasLayers.isArray() || kerasLayers.isEmpty()) {
            throw new InvalidDefinitionException(Violation.document("config", "config.layers must be a non-empty array"));
        }
        ObjectNode document = NODES.objectNode();
        if (config.isObject() && config.path("name").isString()) {
            document.put("name", config.get("name").stringValue());
        }
        JsonNode inputShape = null;
        String inputLayer = null;
        ArrayNode layers = document.putArray("layers");
        for (JsonNode kerasLayer : kerasLayers) {
            String className = kerasLayer.path("class_name").asString("");
            JsonNode layerConfig = kerasLayer.path("config");
            if (inputShape == null) {
                inputShape = batchShape(layerConfig);
            }
            if (className.equals("InputLayer")) {
                if (inputLayer != null && functional) {
                    violations.add(Violation.document("config", "only models with one input are supported"));
                }
                inputLayer = kerasLayer.path("name").asString(layerConfig.path("name").asString(""));
                continue;
            }
            ObjectNode layer = translateLayer(layers.size(), className, layerConfig, violations);
            if (functional) {
                KerasFunctionalLayers.copyInputs(layers.size(), layer.path("type").asString(""), kerasLayer, inputLayer,
                        layer, violations);
            }
            layers.add(layer);
        }
        if (inputShape == null && config.isObject()) {
            inputShape = config.path("build_input_shape");
        }
        document.set("inputShape", withoutBatch(inputShape, violations));
        JsonNode loss = keras.path("compile_config").path("loss");
        if (loss.isString()) {
            document.put("loss", loss.stringValue());
        }
        if (functional && violations.isEmpty()) {
            KerasFunctionalLayers.requireLastIsOutput(config, layers, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException(violations);
        }
        return document;
    }

    private static JsonNode batchShape(JsonNode layerConfig) {
        for (String key : List.of("batch_input_shape", "batch_shape")) {
            if (layerConfig.path(key).isArray()) {
                return layerConfig.get(key);
            }
        }
        return null;
    }

    private static JsonNode withoutBatch(JsonNode batchShape, List<Violation> violations) {
        ArrayNode shape = NODES.arrayNode();
        if (batchShape == null || !batchShape.isArray() || batchShape.size() != 4) {
            violations.add(Violation.document("inputShape", "the Keras model must declare a 4-D input shape "
                    + "(batch_input_shape / batch_shape [null, height, width, channels]), got " + batchShape));
            return shape;
        }
        for (int i = 1; i < 4; i++) {
            shape.add(batchShape.get(i));
        }
        return shape;
    }

    private static ObjectNode translateLayer(int index, String className, JsonNode config, List<Violation> violations) {
        ObjectNode layer = NODES.objectNode();
        String type = LAYER_TYPES.get(className);
        if (type == null) {
            violations.add(Violation.layer(index, className, "class_name", "Keras layer '" + className
                    + "' is not supported; supported: " + String.join(", ", LAYER_TYPES.keySet().stream().sorted().toList())));
            layer.put("type", "unsupported");
            return layer;
        }
        layer.put("type", type);
        copy(config, "name", layer, "name");
        KerasArguments.requireDefault(index, type, config, "data_format", "channels_last", violations);
        switch (type) {
            case "conv2d" -> {
                copy(config, "filters", layer, "filters");
                copy(config, "kernel_size", layer, "kernelSize");
                copy(config, "strides", layer, "strides");
                copy(config, "padding", layer, "padding");
                copyActivation(index, type, config, layer, violations);
                copy(config, "use_bias", layer, "useBias");
                KerasArguments.requireUnit(index, type, config, "dilation_rate", violations);
                KerasArguments.requireUnit(index, type, config, "groups", violations);
                KerasFunctionalLayers.copyRegularizer(config.path("kernel_regularizer"), layer);
            }
            case "separableConv2d", "depthwiseConv2d" -> {
                if (type.equals("separableConv2d")) {
                    copy(config, "filters", layer, "filters");
                }
                copy(config, "kernel_size", layer, "kernelSize");
                copy(config, "strides", layer, "strides");
                copy(config, "padding", layer, "padding");
                copyActivation(index, type, config, layer, violations);
                copy(config, "use_bias", layer, "useBias");
                KerasArguments.requireUnit(index, type, config, "dilation_rate", violations);
                KerasFunctionalLayers.separable(index, type, config, layer, violations);
            }
            case "concatenate" -> KerasFunctionalLayers.concatenate(index, type, config, violations);
            case "maxPooling2d", "averagePooling2d" -> {
                copy(config, "pool_size", layer, "poolSize");
                copy(config, "strides", layer, "strides");
                copy(config, "padding", layer, "padding");
            }
            case "globalMaxPooling2d", "globalAveragePooling2d" -> {
                if (config.path("keepdims").asBoolean(false)) {
                    violations.add(Violation.layer(index, type, "keepdims", "keepdims=true is not supported"));
                }
            }
            case "dense" -> {
                copy(config, "units", layer, "units");
                copyActivation(index, type, config, layer, violations);
                copy(config, "use_bias", layer, "useBias");
                KerasFunctionalLayers.copyRegularizer(config.path("kernel_regularizer"), layer);
            }
            case "dropout" -> {
                copy(config, "rate", layer, "rate");
                if (!config.path("noise_shape").isMissingNode() && !config.path("noise_shape").isNull()) {
                    violations.add(Violation.layer(index, type, "noise_shape", "noise_shape is not supported"));
                }
            }
            case "activation" -> copyActivation(index, type, config, layer, violations);
            case "batchNormalization" -> {
                copy(config, "momentum", layer, "momentum");
                copy(config, "epsilon", layer, "epsilon");
                JsonNode axis = config.path("axis");
                boolean lastAxis = axis.isMissingNode() || axis.isNull() || KerasArguments.isNumber(axis, -1) || KerasArguments.isNumber(axis, 3)
                        || (axis.isArray() && axis.size() == 1 && (KerasArguments.isNumber(axis.get(0), 3) || KerasArguments.isNumber(axis.get(0), -1)));
                if (!lastAxis) {
                    violations.add(Violation.layer(index, type, "axis", "only the channels axis (-1) is supported, got " + axis));
                }
                for (String flag : List.of("center", "scale")) {
                    if (!config.path(flag).asBoolean(true)) {
                        violations.add(Violation.layer(index, type, flag, flag + "=false is not supported"));
                    }
                }
            }
            default -> { }
        }
        return layer;
    }

    private static void copy(JsonNode from, String kerasField, ObjectNode to, String field) {
        JsonNode value = from.get(kerasField);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }

    /** Keras 3 may serialize a built-in activation as {"class_name": ..., "config": {"name": ...}}. */
    private static void copyActivation(int index, String type, JsonNode config, ObjectNode layer, List<Violation> violations) {
        JsonNode activation = config.get("activation");
        if (activation == null || activation.isNull()) {
            return;
        }
        if (activation.isObject()) {
            JsonNode name = activation.path("config").path("name");
            if (!name.isString()) {
                violations.add(Violation.layer(index, type, "activation", "custom activation objects are not supported: " + activation));
                return;
            }
            activation = name;
        }
        layer.set("activation", activation);
    }
}
