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
}
