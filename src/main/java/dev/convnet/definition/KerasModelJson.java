package dev.convnet.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The schema of Keras's {@code model.to_json()}, for the API documentation only: {@link KerasJsonTranslator}
 * reads such documents as JSON trees.
 */
@Schema(description = "What Keras's model.to_json() writes for a Sequential or functional model, posted unchanged;"
        + " layers keep Keras's class names and arguments, functional layers their inbound_nodes")
public record KerasModelJson(
        @JsonProperty("class_name") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"Sequential", "Functional", "Model"})
        String className,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Config config,
        @JsonProperty("keras_version") @Schema(example = "2.11.0") String kerasVersion,
        @Schema(example = "tensorflow") String backend) {

    @Schema(name = "KerasModelConfig")
    record Config(@Schema(example = "sequential") String name,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Layer> layers) {
    }

    @Schema(name = "KerasLayer", description = "One Keras layer: its class and its constructor arguments")
    record Layer(
            @JsonProperty("class_name") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Conv2D")
            String className,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The layer's Keras arguments, e.g."
                    + " filters, kernel_size, strides, padding, activation") Map<String, Object> config) {
    }
}
