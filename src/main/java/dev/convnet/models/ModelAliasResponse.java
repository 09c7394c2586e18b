package dev.convnet.models;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

@Schema(description = "An alias and the version it points at")
public record ModelAliasResponse(
        @Schema(example = "lenet5") String name,
        @Schema(example = "production") String alias,
        @Schema(example = "3") int version,
        @Schema(description = "The id of that version") UUID modelId) {
}
