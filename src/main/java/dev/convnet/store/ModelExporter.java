package dev.convnet.store;

import dev.convnet.common.Sha256;
import dev.convnet.definition.ModelEntry;
import dev.convnet.models.ModelDefinitionService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * A model as its DL4J file with the definition added as one more zip entry: DL4J's configuration does not
 * record the input size, so without it a re-import could not know it.
 */
@Component
class ModelExporter {

    /** Where the export puts the native definition; DL4J's ModelSerializer ignores entries it does not know. */
    static final String DEFINITION_ENTRY = "convnet/definition.json";

    private final ModelDefinitionService definitions;
    private final StoredNetworks networks;
    private final ObjectMapper json;

    ModelExporter(ModelDefinitionService definitions, StoredNetworks networks, ObjectMapper json) {
        this.definitions = definitions;
        this.networks = networks;
        this.json = json;
    }

    ModelFile export(UUID modelId) {
        ModelEntry entry = definitions.get(modelId);
        byte[] content = withEntry(networks.modelFile(modelId), DEFINITION_ENTRY, json.writeValueAsBytes(entry.document()));
        String fileName = entry.model().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-v" + entry.model().version() + ".zip";
        return new ModelFile(fileName, content, Sha256.hex(content));
    }

    private static byte[] withEntry(byte[] zipFile, String entryName, byte[] entryContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zipFile.length + entryContent.length + 1024);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipFile));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.getName().equals(entryName)) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(entryContent);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the definition to the model file", e);
        }
        return out.toByteArray();
    }
}
