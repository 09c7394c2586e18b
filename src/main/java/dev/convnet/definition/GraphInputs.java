package dev.convnet.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph side of shape inference: which tensors reach a layer, and what Keras's merge layers make of them.
 * Layers are listed in an order where each reads only the network input or layers listed before it (as Keras's
 * functional {@code to_json()} lists them), so one pass in list order sees every input's shape first.
 */
final class GraphInputs {

    private GraphInputs() {
    }

    /** The shapes of a layer's inputs; null (with a violation) when one does not exist or the count is wrong. */
    static List<TensorShape> shapes(int index, LayerSpec layer, List<String> names, Map<String, TensorShape> outputs,
                                    List<Violation> violations) {
        List<TensorShape> shapes = new ArrayList<>();
        for (String name : names) {
            TensorShape shape = outputs.get(name);
            if (shape == null) {
                violations.add(Violation.layer(index, layer.type(), "inputs", "input '" + name + "' is neither '"
                        + ModelDefinition.MODEL_INPUT + "' nor a layer listed before this one"));
                return null;
            }
            shapes.add(shape);
        }
        if (layer.merges() ? shapes.size() < 2 : shapes.size() != 1) {
            violations.add(Violation.layer(index, layer.type(), "inputs", layer.type() + (layer.merges()
                    ? " needs at least two inputs, got " : " takes exactly one input, got ") + names));
            return null;
        }
        return shapes;
    }

    /**
     * Add: inputs of one shape, output the same. Concatenate: inputs that differ in their last axis only, output
     * with the last axes summed. Flat tensors that came from a Flatten are refused by Concatenate: their feature
     * order differs between Keras and the engine, and no single order would describe the joined result.
     */
    static LayerShape merge(int index, LayerSpec layer, List<TensorShape> inputs, List<Violation> violations) {
        TensorShape first = inputs.get(0);
        if (layer instanceof LayerSpec.Add) {
            for (TensorShape other : inputs) {
                if (!other.equals(first)) {
                    violations.add(Violation.layerShape(index, layer.type(), "inputs", "add needs inputs of one shape, got "
                            + inputs.stream().map(TensorShape::kerasText).toList(), first));
                    return null;
                }
            }
            return new LayerShape(index, layer, first, first, 0, 0);
        }
        int lastAxis = 0;
        for (TensorShape other : inputs) {
            boolean sameRank = other.dims().length == first.dims().length;
            boolean sameSpatial = !first.isSpatial() || sameRank && other.height() == first.height() && other.width() == first.width();
            if (!sameRank || !sameSpatial || other.flattenedFrom() != null) {
                violations.add(Violation.layerShape(index, layer.type(), "inputs", "concatenate needs inputs that differ in"
                        + " their last axis only (and no flattened conv outputs), got "
                        + inputs.stream().map(TensorShape::kerasText).toList(), first));
                return null;
            }
            lastAxis += other.lastAxis();
        }
        TensorShape output = first.isSpatial() ? TensorShape.spatial(first.height(), first.width(), lastAxis)
                : TensorShape.flat(lastAxis, null);
        return new LayerShape(index, layer, first, output, 0, 0);
    }

    /** Keras keeps only the layers between the input and the output: a dangling branch is a mistake. */
    static void requireAllUsed(ModelDefinition definition, List<Violation> violations) {
        Set<String> used = new HashSet<>();
        definition.inputs().forEach(used::addAll);
        List<LayerSpec> layers = definition.layers();
        for (int i = 0; i < layers.size() - 1; i++) {
            if (!used.contains(layers.get(i).name())) {
                violations.add(Violation.layer(i, layers.get(i).type(), "name", "layer '" + layers.get(i).name()
                        + "' is read by no later layer; the last layer is the network's only output"));
            }
        }
    }
}
