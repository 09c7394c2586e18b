package dev.convnet.store;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

@Schema(description = "Weights accepted and stored")
public record WeightsUpdated(UUID modelId, List<WeightArrayInfo> arrays,
                             @Schema(description = "SHA-256 of the stored model file") String sha256) {
}
