package dev.convnet.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Keras's functional {@code to_json()} adds to the Sequential form: each layer's {@code inbound_nodes}
 * (Keras 2: {@code [[["conv2d", 0, 0, {}], ...]]}; Keras 3: {@code [{"args": [... {"keras_history": ["conv2d", 0, 0]}
 * ...]}]}), and the settings of the layers that only graphs and newer networks use (merges, separable convolutions,
 * kernel regularizers).
 */
final class KerasFunctionalLayers {

    static final Set<String> CLASS_NAMES = Set.of("Functional", "Model");

    private KerasFunctionalLayers() {
    }

    /**
     * The names of the layers feeding this one, the model's input layer written as {@link ModelDefinition#MODEL_INPUT}.
     * A layer called more than once (a shared layer) has several inbound nodes: refused.
     */
    static void copyInputs(int index, String type, JsonNode kerasLayer, String inputLayer, ObjectNode layer,
                           List<Violation> violations) {
        JsonNode nodes = kerasLayer.path("inbound_nodes");
        if (!nodes.isArray() || nodes.size() != 1) {
            violations.add(Violation.layer(index, type, "inbound_nodes", "each layer must be called exactly once"
                    + " (one inbound node); shared layers are not supported, got " + nodes));
            return;
        }
        List<String> names = new ArrayList<>();
        collect(nodes.get(0), names);
        ArrayNode inputs = layer.putArray("inputs");
        names.forEach(name -> inputs.add(name.equals(inputLayer) ? ModelDefinition.MODEL_INPUT : name));
    }

    /** One output, and it is the last layer listed: the definition's output. */
    static void requireLastIsOutput(JsonNode config, ArrayNode layers, List<Violation> violations) {
        List<String> outputs = new ArrayList<>();
        collect(config.path("output_layers"), outputs);
        String last = layers.get(layers.size() - 1).path("name").asString("");
        if (outputs.size() != 1 || !outputs.get(0).equals(last)) {
            violations.add(Violation.document("config", "output_layers must name one output, the last layer listed ('"
                    + last + "'), got " + config.path("output_layers")));
        }
    }

    /** Every layer name the node refers to, in order; tensors are [name, nodeIndex, tensorIndex(, kwargs)]. */
    private static void collect(JsonNode node, List<String> names) {
        if (node.isObject()) {
            JsonNode history = node.path("config").path("keras_history");
            if (history.isArray() && history.size() > 0 && history.get(0).isString()) {
                names.add(history.get(0).stringValue());
                return;
            }
            node.forEach(child -> collect(child, names));
        } else if (node.isArray()) {
            if (node.size() >= 3 && node.get(0).isString() && node.get(1).isNumber()) {
                names.add(node.get(0).stringValue());
                return;
            }
            node.forEach(child -> collect(child, names));
        }
    }

    static void separable(int index, String type, JsonNode config, ObjectNode layer, List<Violation> violations) {
        copy(config, "depth_multiplier", layer, "depthMultiplier");
        JsonNode depthwise = config.path("depthwise_regularizer");
        JsonNode pointwise = config.path("pointwise_regularizer");
        if (type.equals("depthwiseConv2d")) {
            copyRegularizer(depthwise, layer);
        } else if (isAbsent(depthwise) || isAbsent(pointwise) ? isAbsent(depthwise) != isAbsent(pointwise)
                : !depthwise.equals(pointwise)) {
            violations.add(Violation.layer(index, type, "depthwise_regularizer", "depthwise_regularizer and"
                    + " pointwise_regularizer must be equal (one L2 on both kernels), got " + depthwise + " and " + pointwise));
        } else {
            copyRegularizer(depthwise, layer);
        }
    }

    /** Concatenate along the channel axis only: -1, or 3 for a 4-D tensor. */
    static void concatenate(int index, String type, JsonNode config, List<Violation> violations) {
        JsonNode axis = config.path("axis");
        boolean last = isAbsent(axis) || axis.isNumber() && (axis.numberValue().intValue() == -1 || axis.numberValue().intValue() == 3);
        if (!last) {
            violations.add(Violation.layer(index, type, "axis", "only the last axis (-1) is supported, got " + axis));
        }
    }

    static void copyRegularizer(JsonNode regularizer, ObjectNode layer) {
        if (!isAbsent(regularizer)) {
            layer.set("kernelRegularizer", regularizer);
        }
    }

    private static boolean isAbsent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static void copy(JsonNode from, String kerasField, ObjectNode to, String field) {
        JsonNode value = from.get(kerasField);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }
}
