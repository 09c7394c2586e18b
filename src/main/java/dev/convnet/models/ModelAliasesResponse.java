package dev.convnet.models;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

@Schema(description = "A model name's aliases, each with the version it points at")
public record ModelAliasesResponse(
        @Schema(example = "lenet5") String name,
        @Schema(description = "Alias -> version", example = "{\"production\": 3, \"staging\": 5}") Map<String, Integer> aliases) {
}
