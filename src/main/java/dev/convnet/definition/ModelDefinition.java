package dev.convnet.definition;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated network: what every other feature builds on. {@code loss} is never null here: when the document
 * names none, the parser applies Keras's usual choice for the output activation. {@code inputs} holds, per layer,
 * the names of the layers it reads ({@link #MODEL_INPUT} for the network's input); a Sequential network reads each
 * layer from the one before, a graph (Keras functional) may branch and merge. The last layer is the output.
 */
public record ModelDefinition(String name, InputShape inputShape, List<LayerSpec> layers, Loss loss,
                              List<List<String>> inputs) {

    /** How a layer names the network's input among its inputs. */
    public static final String MODEL_INPUT = "input";

    public ModelDefinition {
        layers = List.copyOf(layers);
        inputs = inputs == null ? sequentialInputs(layers) : inputs.stream().map(List::copyOf).toList();
    }

    /** A Sequential network: each layer reads the one before. */
    public ModelDefinition(String name, InputShape inputShape, List<LayerSpec> layers, Loss loss) {
        this(name, inputShape, layers, loss, null);
    }

    public ModelDefinition withLoss(Loss replacement) {
        return new ModelDefinition(name, inputShape, layers, replacement, inputs);
    }

    /** Whether some layer reads anything but the layer before it: then it compiles to a DL4J ComputationGraph. */
    public boolean isGraph() {
        return !inputs.equals(sequentialInputs(layers));
    }

    public static List<List<String>> sequentialInputs(List<LayerSpec> layers) {
        List<List<String>> inputs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            inputs.add(List.of(i == 0 ? MODEL_INPUT : String.valueOf(layers.get(i - 1).name())));
        }
        return inputs;
    }

    /** The activation applied last, skipping layers that do not change it (dropout, flatten, pooling). */
    public static Activation outputActivation(List<LayerSpec> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerSpec layer = layers.get(i);
            if (layer instanceof LayerSpec.Dense dense) return dense.activation();
            if (layer instanceof LayerSpec.ActivationLayer activation) return activation.activation();
            if (layer instanceof LayerSpec.Convolution conv) return conv.activation();
            if (layer instanceof LayerSpec.BatchNormalization || layer.merges()) return Activation.LINEAR;
        }
        return Activation.LINEAR;
    }
}
