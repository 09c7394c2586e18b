package dev.convnet.store;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.Sha256;
import dev.convnet.definition.DefinitionWriter;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.engine.dl4j.Dl4jModelReader;
import dev.convnet.engine.dl4j.ImportedDl4jNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.models.ModelDefinitionService;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A DL4J MultiLayerNetwork file becomes a model: its network is mapped back to a definition, which gets every
 * check a posted one gets. The input size, which DL4J does not record, comes from the request, else from the
 * definition an export embeds.
 */
@Component
class Dl4jModelImporter {

    static final String FORMAT = "dl4j-zip";

    private final ModelDefinitionService definitions;
    private final StoredNetworks networks;
    private final NetworkCompiler compiler;
    private final Dl4jModelReader dl4j;
    private final DefinitionWriter writer = new DefinitionWriter();

    Dl4jModelImporter(ModelDefinitionService definitions, StoredNetworks networks, NetworkCompiler compiler,
                      Dl4jModelReader dl4j) {
        this.definitions = definitions;
        this.networks = networks;
        this.compiler = compiler;
        this.dl4j = dl4j;
    }

    /**
     * @param name           the new model's name; null for the embedded definition's, else the file name's stem
     * @param inputShapeText "HEIGHT,WIDTH,CHANNELS", or null/blank to use the embedded definition's
     */
    ModelEntry importModel(byte[] content, ModelZipInspector.Contents zip, String fileName, String name,
                           String inputShapeText) {
        JsonNode embedded = zip.definition();
        InputShape inputShape = inputShapeText != null && !inputShapeText.isBlank() ? parseInputShape(inputShapeText)
                : embedded != null ? embeddedInputShape(embedded) : null;
        String modelName = name != null ? name
                : embedded != null && embedded.path("name").isString() ? embedded.get("name").stringValue()
                : fileStem(fileName);
        ImportedDl4jNetwork imported = dl4j.read(content, modelName, inputShape);
        JsonNode document = writer.write(imported.definition());
        ParsedDefinition parsed = definitions.parse(document);
        // the weights file is written, then the model row and the row naming the file commit together
        Lineage lineage = Lineage.imported(FORMAT, Sha256.hex(content));
        return networks.create(compiler.adopt(parsed.architecture(), imported),
                id -> definitions.createImported(id, document, lineage));
    }

    static InputShape parseInputShape(String text) {
        String[] parts = text.replaceAll("[\\[\\]\\s]", "").split("[,x]");
        try {
            if (parts.length == 3) {
                int[] dims = Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
                if (Arrays.stream(dims).allMatch(d -> d > 0 && d <= 65_536)) {
                    return new InputShape(dims[0], dims[1], dims[2]);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadRequestException("inputShape", "inputShape must be HEIGHT,WIDTH,CHANNELS of positive integers, e.g. "
                + "28,28,1, got '" + text + "'");
    }

    private static InputShape embeddedInputShape(JsonNode definition) {
        JsonNode shape = definition.path("inputShape");
        if (shape.isArray() && shape.size() == 3 && shape.get(0).isInt() && shape.get(1).isInt() && shape.get(2).isInt()) {
            return new InputShape(shape.get(0).intValue(), shape.get(1).intValue(), shape.get(2).intValue());
        }
        return null;
    }

    static String fileStem(String fileName) {
        if (fileName == null) {
            return "imported";
        }
        String base = Path.of(fileName.replace('\\', '/')).getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = (dot > 0 ? base.substring(0, dot) : base).replaceAll("[^A-Za-z0-9._-]", "_");
        return stem.isBlank() || stem.length() > 200 ? "imported" : stem;
    }
}
