package dev.convnet.store;

import dev.convnet.common.FilesQuietly;
import dev.convnet.common.Sha256;
import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.keras.KerasHdf5File;
import dev.convnet.models.ModelDefinitionService;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Keras 2 HDF5 model becomes a model: its model_config is checked as a posted definition is, then the
 * network built from it takes the file's weights; nothing is stored unless both succeed.
 */
@Component
class KerasModelImporter {

    static final String FORMAT = "keras-h5";

    private final ModelDefinitionService definitions;
    private final StoredNetworks networks;
    private final NetworkCompiler compiler;
    private final UploadStaging staging;
    private final ObjectMapper json;

    KerasModelImporter(ModelDefinitionService definitions, StoredNetworks networks, NetworkCompiler compiler,
                       UploadStaging staging, ObjectMapper json) {
        this.definitions = definitions;
        this.networks = networks;
        this.compiler = compiler;
        this.staging = staging;
        this.json = json;
    }

    /** @param name the new model's name; null for the one in the file's model_config */
    ModelEntry importModel(byte[] content, String name) {
        Path file = staging.stage(content, ".h5"); // HDF5 opens files only
        try (KerasHdf5File hdf5 = KerasHdf5File.open(file)) {
            KerasHdf5File.Metadata metadata = hdf5.metadata();
            requireKeras2(metadata);
            ObjectNode keras = kerasDocument(metadata, name);
            ParsedDefinition parsed = definitions.parse(keras);
            CompiledNetwork network = compiler.compile(parsed.architecture(), 0);
            network.setKerasWeights(hdf5.weights(network.weightSlots()));
            // the weights file is written, then the model row and the row naming the file commit together
            Lineage lineage = Lineage.imported(FORMAT, Sha256.hex(content));
            return networks.create(network, id -> definitions.createImported(id, keras, lineage));
        } finally {
            FilesQuietly.delete(file);
        }
    }

    private static void requireKeras2(KerasHdf5File.Metadata metadata) {
        String version = metadata.kerasVersion();
        if (version != null && version.startsWith("1.")) {
            throw new InvalidModelFileException("The HDF5 file was written by Keras " + version + "; only Keras 2 files "
                    + "are supported. Load it in Keras 2 and save it again with model.save(\"m.h5\").");
        }
        if ("theano".equalsIgnoreCase(metadata.backend())) {
            throw new InvalidModelFileException("The HDF5 file was written with the Theano backend, whose convolution "
                    + "kernels are stored flipped; only TensorFlow-layout files are supported.");
        }
    }

    /** model_config with the requested name, and the loss from training_config where Keras 3's translator looks for it. */
    private ObjectNode kerasDocument(KerasHdf5File.Metadata metadata, String name) {
        JsonNode config;
        try {
            config = json.readTree(metadata.modelConfig());
        } catch (JacksonException e) {
            throw new InvalidModelFileException("The HDF5 file's model_config is not JSON: " + e.getOriginalMessage());
        }
        if (!(config instanceof ObjectNode keras)) {
            throw new InvalidModelFileException("The HDF5 file's model_config is not a JSON object");
        }
        if (name != null) {
            rename(keras, name);
        }
        if (metadata.trainingConfig() != null && !keras.has("compile_config")) {
            try {
                JsonNode loss = json.readTree(metadata.trainingConfig()).path("loss");
                if (loss.isString()) {
                    keras.putObject("compile_config").put("loss", loss.stringValue());
                }
            } catch (JacksonException e) {
                // the loss is optional: the definition picks Keras's usual one for the output activation
            }
        }
        return keras;
    }

    private static void rename(ObjectNode keras, String name) {
        JsonNode inner = keras.get("config");
        if (inner instanceof ObjectNode object) {
            object.put("name", name);
        } else if (inner != null && inner.isArray()) {
            ObjectNode wrapped = keras.putObject("config"); // Keras 2.0's bare layer list
            wrapped.put("name", name);
            wrapped.set("layers", inner);
        }
    }
}
