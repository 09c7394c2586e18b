package dev.convnet.definition;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** A ready-made definition from the lesson, creatable with one call. */
@Schema(description = "A ready-made model definition")
public record Preset(
        @Schema(example = "lenet5") String id,
        @Schema(example = "The lesson's LeNet-5 for 28x28x1 MNIST digits") String description,
        @Schema(description = "The definition document; POST it to /api/v1/models, or POST /api/v1/presets/{id}/models")
        JsonNode definition) {
}
