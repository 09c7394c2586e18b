package dev.convnet.inference;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "One of the most probable classes of an image")
public record ClassScore(@Schema(example = "7") int classIndex, @Schema(example = "7") String className,
                         @Schema(example = "0.981") float probability) {
}
