package dev.convnet.store;

import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Model files in and out. Export: see {@link ModelExporter} and {@link OnnxModelExporter}. Import: a DL4J model file or a Keras 2 HDF5 model,
 * recognized by content, goes to its importer; anything else is refused with what to send instead.
 */
@Service
public class ModelTransferService {

    static final String ALTERNATIVES = "Save the model with Keras 2 / tf.keras 2.x as HDF5 (model.save(\"m.h5\")) and "
            + "import that, or POST model.to_json() to /api/v1/models and then PUT "
            + "[w.tolist() for w in model.get_weights()] to /api/v1/models/{id}/weights.";
    static final String ACCEPTED = "Accepted: a DL4J model file (a zip with configuration.json and coefficients.bin, as "
            + "GET /api/v1/models/{id}/download returns) or a Keras 2 HDF5 model (model.save(\"m.h5\")).";

    private final ModelExporter exporter;
    private final OnnxModelExporter onnx;
    private final ModelZipInspector zips;
    private final Dl4jModelImporter dl4j;
    private final KerasModelImporter keras;

    ModelTransferService(ModelExporter exporter, OnnxModelExporter onnx, ModelZipInspector zips, Dl4jModelImporter dl4j,
                         KerasModelImporter keras) {
        this.exporter = exporter;
        this.onnx = onnx;
        this.zips = zips;
        this.dl4j = dl4j;
        this.keras = keras;
    }

    ModelFile download(UUID modelId, DownloadFormat format) {
        return format == DownloadFormat.ONNX ? onnx.export(modelId) : exporter.export(modelId);
    }

    /**
     * @param name       the new model's name; null for the file's own (Keras config, embedded definition, file name)
     * @param inputShape "HEIGHT,WIDTH,CHANNELS" for a DL4J file that does not record it; null otherwise
     */
    public ModelEntry importModel(byte[] content, String fileName, String name, String inputShape) {
        return switch (ModelFileFormat.of(content)) {
            case HDF5 -> keras.importModel(content, name);
            case ZIP -> importZip(content, fileName, name, inputShape);
            case UNKNOWN -> throw new InvalidModelFileException("Unrecognized model file (neither an HDF5 file nor a zip). "
                    + ACCEPTED + " Keras 3 .keras files and TensorFlow SavedModels are not supported.");
        };
    }

    private ModelEntry importZip(byte[] content, String fileName, String name, String inputShape) {
        ModelZipInspector.Contents zip = zips.inspect(content);
        if (zip.has("configuration.json") && zip.has("coefficients.bin")) {
            return dl4j.importModel(content, zip, fileName, name, inputShape);
        }
        if (zip.has("config.json") && zip.hasEntryEndingWith("model.weights.h5")) {
            throw new InvalidModelFileException("This is a Keras 3 .keras file (a zip with config.json and "
                    + "model.weights.h5), which cannot be imported: DL4J's Keras import reads Keras 2 HDF5 files only. "
                    + ALTERNATIVES);
        }
        if (zip.hasEntryEndingWith("saved_model.pb") || zip.hasEntryEndingWith("saved_model.pbtxt")) {
            throw new InvalidModelFileException("This is a TensorFlow SavedModel (saved_model.pb), which cannot be "
                    + "imported: DL4J's Keras import reads Keras 2 HDF5 files only. " + ALTERNATIVES);
        }
        throw new InvalidModelFileException("The zip holds neither a DL4J model (configuration.json, coefficients.bin) "
                + "nor a known Keras format. " + ACCEPTED);
    }
}
