package dev.convnet.definition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link ModelDefinition} as this API's native document, the inverse of {@link DefinitionReader}: reading
 * the document back gives the same definition. A layer whose name is null is written without one, so
 * that the reader names it as Keras would (conv2d, conv2d_1, ...).
 */
public final class DefinitionWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public JsonNode write(ModelDefinition definition) {
        ObjectNode document = NODES.objectNode();
        document.put("name", definition.name());
        ArrayNode input = document.putArray("inputShape");
        definition.inputShape().asList().forEach(input::add);
        ArrayNode layers = document.putArray("layers");
        boolean graph = definition.isGraph();
        for (int i = 0; i < definition.layers().size(); i++) {
            ObjectNode layer = layer(definition.layers().get(i));
            if (graph) {
                ArrayNode inputs = layer.putArray("inputs");
                definition.inputs().get(i).forEach(inputs::add);
            }
            layers.add(layer);
        }
        document.put("loss", definition.loss().kerasName());
        return document;
    }

    private static ObjectNode layer(LayerSpec spec) {
        ObjectNode layer = NODES.objectNode();
        layer.put("type", spec.type());
        if (spec.name() != null) {
            layer.put("name", spec.name());
        }
        if (spec instanceof LayerSpec.Conv2D conv) {
            layer.put("filters", conv.filters());
            convolution(layer, conv, null);
        } else if (spec instanceof LayerSpec.SeparableConv2D conv) {
            layer.put("filters", conv.filters());
            convolution(layer, conv, conv.depthMultiplier());
        } else if (spec instanceof LayerSpec.DepthwiseConv2D conv) {
            convolution(layer, conv, conv.depthMultiplier());
        } else if (spec instanceof LayerSpec.Pooling2D pool) {
            pair(layer, "poolSize", pool.poolHeight(), pool.poolWidth());
            pair(layer, "strides", pool.strideHeight(), pool.strideWidth());
            layer.put("padding", pool.padding().kerasName());
        } else if (spec instanceof LayerSpec.Dense dense) {
            layer.put("units", dense.units());
            layer.put("activation", dense.activation().kerasName());
            layer.put("useBias", dense.useBias());
        } else if (spec instanceof LayerSpec.Dropout dropout) {
            layer.put("rate", dropout.rate());
        } else if (spec instanceof LayerSpec.ActivationLayer activation) {
            layer.put("activation", activation.activation().kerasName());
        } else if (spec instanceof LayerSpec.BatchNormalization norm) {
            layer.put("momentum", norm.momentum());
            layer.put("epsilon", norm.epsilon());
        }
        if (spec.kernelL2() > 0) {
            layer.put("kernelRegularizer", spec.kernelL2());
        }
        return layer;
    }

    /** The fields every convolution has, in Keras's order; {@code depthMultiplier} null: a plain convolution. */
    private static void convolution(ObjectNode layer, LayerSpec.Convolution conv, Integer depthMultiplier) {
        pair(layer, "kernelSize", conv.kernelHeight(), conv.kernelWidth());
        pair(layer, "strides", conv.strideHeight(), conv.strideWidth());
        layer.put("padding", conv.padding().kerasName());
        if (depthMultiplier != null) {
            layer.put("depthMultiplier", depthMultiplier);
        }
        layer.put("activation", conv.activation().kerasName());
        layer.put("useBias", conv.useBias());
    }

    private static void pair(ObjectNode layer, String field, int first, int second) {
        layer.putArray(field).add(first).add(second);
    }
}
