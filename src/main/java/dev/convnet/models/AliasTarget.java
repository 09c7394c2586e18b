package dev.convnet.models;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "The version an alias is to point at")
public record AliasTarget(@Schema(description = "A version of the model that has weights", example = "3",
        requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") Integer version) {
}
