package dev.convnet.store;

import dev.convnet.common.Sha256;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.onnx.OnnxModelWriter;
import dev.convnet.models.ModelDefinitionService;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A model as an ONNX file: its definition and current weights (or its initial ones while none were set). */
@Component
class OnnxModelExporter {

    private final ModelDefinitionService definitions;
    private final StoredNetworks networks;

    OnnxModelExporter(ModelDefinitionService definitions, StoredNetworks networks) {
        this.definitions = definitions;
        this.networks = networks;
    }

    ModelFile export(UUID modelId) {
        ModelEntry entry = definitions.get(modelId);
        String version = OnnxModelExporter.class.getPackage().getImplementationVersion();
        byte[] content = OnnxModelWriter.write(entry.architecture(), networks.load(modelId).kerasWeights(),
                version == null ? "development" : version);
        String fileName = entry.model().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-v" + entry.model().version() + ".onnx";
        return new ModelFile(fileName, content, Sha256.hex(content));
    }
}
