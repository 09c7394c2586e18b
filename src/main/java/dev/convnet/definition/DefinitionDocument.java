package dev.convnet.definition;

import dev.convnet.common.SchemaRefs;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The definition document's schema, for the API documentation only: requests are read as JSON trees by
 * {@link DefinitionReader}, which reports every problem with its layer index and field.
 */
@Schema(name = "ModelDefinition", description = """
        A Keras-like network: Sequential (each layer reads the one before), or a graph when layers name their \
        'inputs' (Keras functional: residual Add, Concatenate). Alternatively, post the JSON that Keras's \
        model.to_json() writes for a Sequential or functional model (class_name/config form) unchanged.""")
public record DefinitionDocument(
        @Schema(example = "lenet5", defaultValue = "sequential") String name,
        @Schema(description = "[height, width, channels], channels last as in Keras", example = "[28, 28, 1]",
                requiredMode = Schema.RequiredMode.REQUIRED) List<Integer> inputShape,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<LayerDocument> layers,
        @Schema(description = "Keras loss name; default follows the output activation: softmax -> "
                + "categorical_crossentropy, sigmoid -> binary_crossentropy, otherwise mean_squared_error",
                allowableValues = {"categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
                        "mean_squared_error", "mean_absolute_error", "hinge", "squared_hinge", "kl_divergence", "poisson"})
        String loss) {

    @Schema(name = "Layer", description = "One layer; which fields apply depends on its type. Keras's defaults apply.")
    record LayerDocument(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"conv2d", "separableConv2d",
                    "depthwiseConv2d", "maxPooling2d", "averagePooling2d", "globalMaxPooling2d", "globalAveragePooling2d",
                    "flatten", "dense", "dropout", "activation", "batchNormalization", "add", "concatenate"}) String type,
            @Schema(description = "Layer name; default as Keras names them (conv2d, conv2d_1, ...)") String name,
            @Schema(description = "conv2d, separableConv2d: number of filters", example = "6") Integer filters,
            @Schema(ref = SchemaRefs.WINDOW, description = "conv2d: an integer or [height, width]", example = "[5, 5]")
            Object kernelSize,
            @Schema(ref = SchemaRefs.WINDOW, description = "conv2d and pooling: an integer or [height, width]; pooling"
                    + " default = poolSize", example = "[1, 1]") Object strides,
            @Schema(description = "conv2d and pooling", allowableValues = {"valid", "same"}, defaultValue = "valid") String padding,
            @Schema(description = "conv2d, dense, activation", defaultValue = "linear", allowableValues = {"linear", "relu",
                    "relu6", "tanh", "sigmoid", "hard_sigmoid", "softmax", "softplus", "softsign", "elu", "selu",
                    "leakyRelu", "swish", "gelu"}) String activation,
            @Schema(description = "conv2d and dense", defaultValue = "true") Boolean useBias,
            @Schema(description = "dense: output units", example = "84") Integer units,
            @Schema(description = "dropout: fraction of inputs dropped, in [0, 1)", example = "0.25") Double rate,
            @Schema(ref = SchemaRefs.WINDOW, description = "pooling: an integer or [height, width]", defaultValue = "[2, 2]")
            Object poolSize,
            @Schema(description = "batchNormalization", defaultValue = "0.99") Double momentum,
            @Schema(description = "batchNormalization", defaultValue = "0.001") Double epsilon,
            @Schema(description = "Names of the layers this one reads, 'input' for the network's input; default: the"
                    + " layer before. add and concatenate read two or more", example = "[\"conv2d_1\", \"conv2d\"]")
            List<String> inputs,
            @Schema(description = "separableConv2d, depthwiseConv2d: outputs per input channel", defaultValue = "1")
            Integer depthMultiplier,
            @Schema(description = "conv2d, separableConv2d, depthwiseConv2d, dense: L2 coefficient on the kernels (Keras"
                    + " adds l2 * sum(w^2) to the loss); a number, {\"l2\": x} or Keras's {\"class_name\": \"L2\","
                    + " \"config\": {\"l2\": x}}", example = "0.0005") Object kernelRegularizer) {
    }
}
