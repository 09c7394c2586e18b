package dev.convnet.engine.dl4j;

import dev.convnet.definition.ModelDefinition;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A DL4J model file read as far as its configuration: the definition it maps to, and the file, whose parameters
 * {@link NetworkCompiler#adopt} restores and copies into a network compiled from that definition once the
 * definition passed every check.
 */
public final class ImportedDl4jNetwork {

    private final ModelDefinition definition;
    private final byte[] modelFile;

    ImportedDl4jNetwork(ModelDefinition definition, byte[] modelFile) {
        this.definition = definition;
        this.modelFile = modelFile;
    }

    public ModelDefinition definition() {
        return definition;
    }

    /** The file's network with its parameters, which must number {@code expectedParams}. */
    MultiLayerNetwork restore(long expectedParams) {
        return Dl4jModelReader.restore(modelFile, expectedParams);
    }
}
