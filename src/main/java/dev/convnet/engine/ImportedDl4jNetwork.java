package dev.convnet.engine;

import dev.convnet.definition.ModelDefinition;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A DL4J model file read back: the definition its configuration maps to, and the restored network whose
 * parameters {@link NetworkCompiler#adopt} copies into a network compiled from that definition.
 */
public final class ImportedDl4jNetwork {

    private final ModelDefinition definition;
    private final MultiLayerNetwork network;

    ImportedDl4jNetwork(ModelDefinition definition, MultiLayerNetwork network) {
        this.definition = definition;
        this.network = network;
    }

    public ModelDefinition definition() {
        return definition;
    }

    MultiLayerNetwork network() {
        return network;
    }
}
