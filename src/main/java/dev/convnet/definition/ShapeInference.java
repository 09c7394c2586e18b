package dev.convnet.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Propagates shapes through a definition the way Keras does, refusing what Keras (or a faithful DL4J
 * translation) cannot build, and counting parameters exactly as Keras's summary does.
 */
public final class ShapeInference {

    public Architecture infer(ModelDefinition definition) {
        List<Violation> violations = new ArrayList<>();
        List<LayerShape> shapes = new ArrayList<>();
        InputShape in = definition.inputShape();
        Map<String, TensorShape> outputs = new HashMap<>();
        outputs.put(ModelDefinition.MODEL_INPUT, TensorShape.spatial(in.height(), in.width(), in.channels()));
        for (int i = 0; i < definition.layers().size(); i++) {
            LayerSpec layer = definition.layers().get(i);
            List<TensorShape> inputs = GraphInputs.shapes(i, layer, definition.inputs().get(i), outputs, violations);
            LayerShape shape = inputs == null ? null
                    : layer.merges() ? GraphInputs.merge(i, layer, inputs, violations) : infer(i, layer, inputs.get(0), violations);
            if (shape == null) {
                break; // later shapes would only repeat the same error
            }
            shapes.add(shape);
            outputs.put(layer.name(), shape.output());
        }
        if (violations.isEmpty() && definition.isGraph()) {
            GraphInputs.requireAllUsed(definition, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException(violations);
        }
        return new Architecture(definition, shapes);
    }

    private static LayerShape infer(int index, LayerSpec layer, TensorShape input, List<Violation> violations) {
        if (layer instanceof LayerSpec.Conv2D conv) {
            return conv(index, conv, input, violations);
        }
        if (layer instanceof LayerSpec.SeparableConv2D || layer instanceof LayerSpec.DepthwiseConv2D) {
            return SeparableShapes.infer(index, layer, input, violations);
        }
        if (layer instanceof LayerSpec.Pooling2D pool) {
            return pooling(index, pool, input, violations);
        }
        if (layer instanceof LayerSpec.GlobalPooling2D) {
            return requireSpatial(index, layer, input, violations)
                    ? new LayerShape(index, layer, input, TensorShape.flat(input.lastAxis(), null), 0, 0) : null;
        }
        if (layer instanceof LayerSpec.Flatten) {
            if (input.elements() > Integer.MAX_VALUE) {
                violations.add(Violation.layerShape(index, layer.type(), "type", "flatten would make "
                        + input.elements() + " features of " + input.kerasText() + ", more than one layer can hold ("
                        + Integer.MAX_VALUE + "); reduce the size with pooling or strides first", input));
                return null;
            }
            return new LayerShape(index, layer, input,
                    input.isSpatial() ? TensorShape.flat(input.size(), input.asInputShape()) : input, 0, 0);
        }
        if (layer instanceof LayerSpec.Dense dense) {
            if (input.isSpatial()) {
                violations.add(Violation.layerShape(index, layer.type(), "units",
                        "dense expects a flat input (batch, features) but receives " + input.kerasText()
                                + "; add a flatten or global pooling layer before it", input));
                return null;
            }
            long params = (long) input.lastAxis() * dense.units() + (dense.useBias() ? dense.units() : 0);
            return new LayerShape(index, layer, input, TensorShape.flat(dense.units(), null), params, 0);
        }
        if (layer instanceof LayerSpec.BatchNormalization) {
            // Keras: gamma and beta are trained, the moving mean and variance are not.
            return new LayerShape(index, layer, input, input, 2L * input.lastAxis(), 2L * input.lastAxis());
        }
        return new LayerShape(index, layer, input, input, 0, 0); // dropout, activation: shape unchanged
    }

    private static LayerShape conv(int index, LayerSpec.Conv2D conv, TensorShape input, List<Violation> violations) {
        if (!requireSpatial(index, conv, input, violations)) {
            return null;
        }
        if (!windowFits(index, conv, "kernelSize", conv.kernelHeight(), conv.kernelWidth(), conv.padding(), input, violations)) {
            return null;
        }
        int height = conv.padding().outputSize(input.height(), conv.kernelHeight(), conv.strideHeight());
        int width = conv.padding().outputSize(input.width(), conv.kernelWidth(), conv.strideWidth());
        long kernel = (long) conv.kernelHeight() * conv.kernelWidth() * input.lastAxis() * conv.filters();
        long params = kernel + (conv.useBias() ? conv.filters() : 0);
        return new LayerShape(index, conv, input, TensorShape.spatial(height, width, conv.filters()), params, 0);
    }

    private static LayerShape pooling(int index, LayerSpec.Pooling2D pool, TensorShape input, List<Violation> violations) {
        if (!requireSpatial(index, pool, input, violations)) {
            return null;
        }
        if (!windowFits(index, pool, "poolSize", pool.poolHeight(), pool.poolWidth(), pool.padding(), input, violations)) {
            return null;
        }
        int height = pool.padding().outputSize(input.height(), pool.poolHeight(), pool.strideHeight());
        int width = pool.padding().outputSize(input.width(), pool.poolWidth(), pool.strideWidth());
        return new LayerShape(index, pool, input, TensorShape.spatial(height, width, input.lastAxis()), 0, 0);
    }

    static boolean requireSpatial(int index, LayerSpec layer, TensorShape input, List<Violation> violations) {
        if (input.isSpatial()) {
            return true;
        }
        violations.add(Violation.layerShape(index, layer.type(), "type", layer.type()
                + " expects a 4-D input (batch, height, width, channels) but receives " + input.kerasText(), input));
        return false;
    }

    /** With "valid" padding a window larger than its input leaves nothing; Keras refuses to build that. */
    static boolean windowFits(int index, LayerSpec layer, String field, int windowHeight, int windowWidth,
                                      Padding padding, TensorShape input, List<Violation> violations) {
        if (padding == Padding.SAME || (windowHeight <= input.height() && windowWidth <= input.width())) {
            return true;
        }
        violations.add(Violation.layerShape(index, layer.type(), field, field + " " + windowHeight + "x" + windowWidth
                + " is larger than the layer's input " + input.height() + "x" + input.width() + " (input shape "
                + input.kerasText() + ") with padding 'valid'; use a smaller window or padding 'same'", input));
        return false;
    }
}
