package dev.convnet.definition;

import java.util.List;

/** A definition whose shapes all fit, with each layer's shapes and parameter counts. */
public record Architecture(ModelDefinition definition, List<LayerShape> layers) {

    public Architecture {
        layers = List.copyOf(layers);
    }

    public TensorShape outputShape() {
        return layers.get(layers.size() - 1).output();
    }

    public long trainableParams() {
        return layers.stream().mapToLong(LayerShape::trainableParams).sum();
    }

    public long nonTrainableParams() {
        return layers.stream().mapToLong(LayerShape::nonTrainableParams).sum();
    }

    public long totalParams() {
        return trainableParams() + nonTrainableParams();
    }

    /** Values one example occupies on its way through the network: its input and every layer's output. */
    public long activationsPerExample() {
        return definition.inputShape().elements() + layers.stream().mapToLong(layer -> layer.output().elements()).sum();
    }
}
