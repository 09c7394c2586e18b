package dev.convnet.store;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.ConvnetProperties;
import dev.convnet.common.LimitExceededException;
import dev.convnet.definition.DefinitionWriter;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.Dl4jModelReader;
import dev.convnet.engine.dl4j.ImportedDl4jNetwork;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.keras.KerasHdf5File;
import dev.convnet.models.ModelDefinitionService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Model files in and out. Export: the model's DL4J file, with its definition added as one more zip entry
 * (DL4J's configuration does not record the input size, so without it a re-import could not know it).
 * Import: a DL4J model file or a Keras 2 HDF5 model, recognized by content, becomes a definition first
 * (with every check a posted definition gets) and then takes the file's weights; nothing is stored unless
 * both succeed.
 */
@Service
public class ModelTransferService {

    /** Where the export puts the native definition; DL4J's ModelSerializer ignores entries it does not know. */
    static final String DEFINITION_ENTRY = "convnet/definition.json";

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int MAX_ZIP_ENTRIES = 10_000;
    private static final int MAX_DEFINITION_BYTES = 1 << 20;

    static final String ALTERNATIVES = "Save the model with Keras 2 / tf.keras 2.x as HDF5 (model.save(\"m.h5\")) and "
            + "import that, or POST model.to_json() to /api/v1/models and then PUT "
            + "[w.tolist() for w in model.get_weights()] to /api/v1/models/{id}/weights.";
    static final String ACCEPTED = "Accepted: a DL4J model file (a zip with configuration.json and coefficients.bin, as "
            + "GET /api/v1/models/{id}/download returns) or a Keras 2 HDF5 model (model.save(\"m.h5\")).";

    public record ModelFile(String fileName, byte[] content, String sha256) {
    }

    private final ModelDefinitionService definitions;
    private final ModelNetworks networks;
    private final NetworkCompiler compiler;
    private final Dl4jModelReader dl4j;
    private final ObjectMapper json;
    private final Path tempDir;
    private final long maxUncompressedBytes;
    private final DefinitionWriter writer = new DefinitionWriter();

    ModelTransferService(ModelDefinitionService definitions, ModelNetworks networks, NetworkCompiler compiler,
                         Dl4jModelReader dl4j, ObjectMapper json, ConvnetProperties properties) {
        this.definitions = definitions;
        this.networks = networks;
        this.compiler = compiler;
        this.dl4j = dl4j;
        this.json = json;
        this.tempDir = properties.dataDir().resolve("tmp");
        // float32 parameters barely compress; four times the upload limit leaves room and stops zip bombs
        this.maxUncompressedBytes = 4 * properties.api().maxRequestSize().toBytes();
    }

    public ModelFile download(UUID modelId) {
        ModelEntry entry = definitions.get(modelId);
        byte[] content = withEntry(networks.modelFile(modelId), DEFINITION_ENTRY, json.writeValueAsBytes(entry.document()));
        String fileName = entry.model().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-v" + entry.model().version() + ".zip";
        return new ModelFile(fileName, content, AtomicFiles.sha256(content));
    }

    /**
     * @param name       the new model's name; null for the file's own (Keras config, embedded definition, file name)
     * @param inputShape "HEIGHT,WIDTH,CHANNELS" for a DL4J file that does not record it; null otherwise
     */
    public ModelEntry importModel(byte[] content, String fileName, String name, String inputShape) {
        if (startsWith(content, HDF5_MAGIC)) {
            return importKeras(content, name);
        }
        if (startsWith(content, ZIP_MAGIC)) {
            ZipContents zip = inspect(content);
            if (zip.has("configuration.json") && zip.has("coefficients.bin")) {
                return importDl4j(content, zip, fileName, name, inputShape);
            }
            if (zip.has("config.json") && zip.names.stream().anyMatch(n -> n.endsWith("model.weights.h5"))) {
                throw new InvalidModelFileException("This is a Keras 3 .keras file (a zip with config.json and "
                        + "model.weights.h5), which cannot be imported: DL4J's Keras import reads Keras 2 HDF5 files only. "
                        + ALTERNATIVES);
            }
            if (zip.names.stream().anyMatch(n -> n.endsWith("saved_model.pb") || n.endsWith("saved_model.pbtxt"))) {
                throw new InvalidModelFileException("This is a TensorFlow SavedModel (saved_model.pb), which cannot be "
                        + "imported: DL4J's Keras import reads Keras 2 HDF5 files only. " + ALTERNATIVES);
            }
            throw new InvalidModelFileException("The zip holds neither a DL4J model (configuration.json, coefficients.bin) "
                    + "nor a known Keras format. " + ACCEPTED);
        }
        throw new InvalidModelFileException("Unrecognized model file (neither an HDF5 file nor a zip). " + ACCEPTED
                + " Keras 3 .keras files and TensorFlow SavedModels are not supported.");
    }

    private ModelEntry importKeras(byte[] content, String name) {
        Path file = writeTemp(content);
        try (KerasHdf5File hdf5 = KerasHdf5File.open(file)) {
            KerasHdf5File.Metadata metadata = hdf5.metadata();
            requireKeras2(metadata);
            ObjectNode keras = kerasDocument(metadata, name);
            ParsedDefinition parsed = definitions.parse(keras);
            CompiledNetwork network = compiler.compile(parsed.architecture(), 0);
            network.setKerasWeights(hdf5.weights(network.weightSlots()));
            return store(keras, network);
        } finally {
            AtomicFiles.deleteQuietly(file);
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
            JsonNode inner = keras.get("config");
            if (inner instanceof ObjectNode object) {
                object.put("name", name);
            } else if (inner != null && inner.isArray()) {
                ObjectNode wrapped = keras.putObject("config"); // Keras 2.0's bare layer list
                wrapped.put("name", name);
                wrapped.set("layers", inner);
            }
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

    private ModelEntry importDl4j(byte[] content, ZipContents zip, String fileName, String name, String inputShapeText) {
        InputShape inputShape = inputShapeText != null && !inputShapeText.isBlank() ? parseInputShape(inputShapeText)
                : zip.definition != null ? embeddedInputShape(zip.definition) : null;
        String modelName = name != null ? name
                : zip.definition != null && zip.definition.path("name").isString() ? zip.definition.get("name").stringValue()
                : fileStem(fileName);
        ImportedDl4jNetwork imported = dl4j.read(content, modelName, inputShape);
        JsonNode document = writer.write(imported.definition());
        ParsedDefinition parsed = definitions.parse(document);
        return store(document, compiler.adopt(parsed.architecture(), imported));
    }

    /** Validation is done: the weights file is written, then the model row and the row naming the file commit together. */
    private ModelEntry store(JsonNode document, CompiledNetwork network) {
        return networks.create(network, id -> definitions.create(id, document));
    }

    private static InputShape parseInputShape(String text) {
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

    private static String fileStem(String fileName) {
        if (fileName == null) {
            return "imported";
        }
        String base = Path.of(fileName.replace('\\', '/')).getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = (dot > 0 ? base.substring(0, dot) : base).replaceAll("[^A-Za-z0-9._-]", "_");
        return stem.isBlank() || stem.length() > 200 ? "imported" : stem;
    }

    private record ZipContents(Set<String> names, JsonNode definition) {
        boolean has(String name) {
            return names.contains(name);
        }
    }

    /** Entry names, and the embedded definition if any; inflates at most the configured number of bytes. */
    private ZipContents inspect(byte[] content) {
        Set<String> names = new HashSet<>();
        JsonNode definition = null;
        long inflated = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (names.size() >= MAX_ZIP_ENTRIES) {
                    throw new InvalidModelFileException("The zip has more than " + MAX_ZIP_ENTRIES + " entries. " + ACCEPTED);
                }
                names.add(entry.getName());
                ByteArrayOutputStream kept = DEFINITION_ENTRY.equals(entry.getName()) ? new ByteArrayOutputStream() : null;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    inflated += n;
                    if (inflated > maxUncompressedBytes) {
                        throw new LimitExceededException("file", inflated, maxUncompressedBytes,
                                "convnet.api.max-request-size", "the zip inflates to more than " + maxUncompressedBytes
                                + " bytes (4 x convnet.api.max-request-size); model files barely compress, so this is"
                                + " refused as a zip bomb");
                    }
                    if (kept != null && kept.size() + n <= MAX_DEFINITION_BYTES) {
                        kept.write(buffer, 0, n);
                    }
                }
                if (kept != null) {
                    definition = readDefinition(kept.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new InvalidModelFileException("The zip could not be read: " + e.getMessage(), e);
        }
        return new ZipContents(names, definition);
    }

    private JsonNode readDefinition(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            return null; // then the file is treated as any DL4J file: the input shape must be given
        }
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

    private Path writeTemp(byte[] content) {
        try {
            Files.createDirectories(tempDir);
            Path file = Files.createTempFile(tempDir, "import-", ".h5");
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the uploaded model file", e);
        }
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }
}
