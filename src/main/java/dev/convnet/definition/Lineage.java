package dev.convnet.definition;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Where a model with weights came from, and what its inputs must look like: trained here ({@code source}
 * "training": parent, job, dataset, classes, normalization) or imported from a file ({@code source} "import": the
 * file's format and SHA-256).
 */
@Schema(description = "Lineage of a model with weights: trained here, or imported from a file")
public record Lineage(
        @Schema(description = "The model it was trained from") UUID parentModelId,
        UUID trainingJobId,
        @Schema(example = "mnist") String dataset,
        @Schema(example = "[\"0\", \"1\", \"2\"]") List<String> classNames,
        @Schema(description = "How pixels were scaled for training", example = "divide-by-255") String normalization,
        @Schema(description = "How the model arrived", allowableValues = {SOURCE_TRAINING, SOURCE_IMPORT}, example = SOURCE_TRAINING)
        String source,
        @Schema(description = "Imported models: the file's format", allowableValues = {"keras-h5", "dl4j-zip"}) String format,
        @Schema(description = "Imported models: SHA-256 of the imported file, hex",
                example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256) {

    public static final String SOURCE_TRAINING = "training";
    public static final String SOURCE_IMPORT = "import";

    /** A model trained here from {@code parentModelId} by a training job. */
    public static Lineage training(UUID parentModelId, UUID trainingJobId, String dataset, List<String> classNames,
                                   String normalization) {
        return new Lineage(parentModelId, trainingJobId, dataset, classNames, normalization, SOURCE_TRAINING, null, null);
    }

    /** A model whose weights came in a file of {@code format} with the given checksum. */
    public static Lineage imported(String format, String sha256) {
        return new Lineage(null, null, null, null, null, SOURCE_IMPORT, format, sha256);
    }
}
