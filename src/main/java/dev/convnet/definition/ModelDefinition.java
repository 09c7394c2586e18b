package dev.convnet.definition;

import java.util.List;

/**
 * A validated Sequential network: what every other feature builds on. {@code loss} is never null here:
 * when the document names none, the parser applies Keras's usual choice for the output activation.
 */
public record ModelDefinition(String name, InputShape inputShape, List<LayerSpec> layers, Loss loss) {

    public ModelDefinition {
        layers = List.copyOf(layers);
    }

    /** The activation applied last, skipping layers that do not change it (dropout, flatten, pooling). */
    public static Activation outputActivation(List<LayerSpec> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerSpec layer = layers.get(i);
            if (layer instanceof LayerSpec.Dense dense) return dense.activation();
            if (layer instanceof LayerSpec.ActivationLayer activation) return activation.activation();
            if (layer instanceof LayerSpec.Conv2D conv) return conv.activation();
            if (layer instanceof LayerSpec.BatchNormalization) return Activation.LINEAR;
        }
        return Activation.LINEAR;
    }
}
