package dev.convnet.store;

import dev.convnet.common.SchemaRefs;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

@Schema(description = "A model's weights as Keras's model.get_weights() returns them; PUT accepts this document back unchanged")
public record WeightsResponse(
        UUID modelId,
        @Schema(description = "When the weights were last set; null while the model has its initial weights")
        Instant updatedAt,
        @Schema(description = "What each array is, in order") List<WeightArrayInfo> arrays,
        @ArraySchema(arraySchema = @Schema(description = "The arrays as nested lists, in Keras layouts"),
                schema = @Schema(ref = SchemaRefs.NUMBER_ARRAY)) List<JsonNode> weights) {
}
