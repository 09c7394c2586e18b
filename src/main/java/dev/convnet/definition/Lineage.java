package dev.convnet.definition;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** Where a trained model came from, and what its inputs must look like. */
@Schema(description = "Lineage of a trained model")
public record Lineage(
        @Schema(description = "The model it was trained from") UUID parentModelId,
        UUID trainingJobId,
        @Schema(example = "mnist") String dataset,
        @Schema(example = "[\"0\", \"1\", \"2\"]") List<String> classNames,
        @Schema(description = "How pixels were scaled for training", example = "divide-by-255") String normalization) {
}
