package dev.convnet.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON objects of the Open Inference Protocol's REST API, named and shaped as its specification has them. */
final class OpenInferenceMessages {

    /** Defined by {@link OpenInferenceApiSchemas}. */
    static final String PARAMETERS = "#/components/schemas/" + OpenInferenceApiSchemas.PARAMETERS;
    static final String TENSOR_DATA = "#/components/schemas/" + OpenInferenceApiSchemas.TENSOR_DATA;

    private OpenInferenceMessages() {
    }

    @Schema(name = "OipServerMetadata", description = "$metadata_server_response")
    record ServerMetadata(@Schema(example = "convnet-service") String name, @Schema(example = "0.1.0") String version,
                          @Schema(description = "Protocol extensions supported; none") List<String> extensions) {
    }

    @Schema(name = "OipServerLive")
    record ServerLive(boolean live) {
    }

    @Schema(name = "OipServerReady")
    record ServerReady(boolean ready) {
    }

    @Schema(name = "OipModelReady", description = "$ready_model_response; 'error' says why a model is not ready")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelReady(@Schema(example = "lenet5") String name, boolean ready, String error) {
    }

    @Schema(name = "OipTensorMetadata", description = "$metadata_tensor: -1 marks a dimension of any size (the batch)")
    record TensorMetadata(@Schema(example = "input") String name, @Schema(example = "FP32") String datatype,
                          @Schema(example = "[-1, 28, 28, 1]") List<Integer> shape) {
    }

    @Schema(name = "OipModelMetadata", description = "$metadata_model_response")
    record ModelMetadata(@Schema(example = "lenet5") String name,
                         @Schema(description = "Every version of this name that can serve (has weights)",
                                 example = "[\"1\", \"2\"]") List<String> versions,
                         @Schema(example = "deeplearning4j") String platform,
                         List<TensorMetadata> inputs, List<TensorMetadata> outputs) {
    }

    @Schema(name = "OipInferenceRequest", description = "$inference_request")
    record InferRequest(@Schema(description = "Echoed in the response when given", example = "42") String id,
                        @Schema(ref = PARAMETERS, description = "Echoed in the response")
                        Map<String, Object> parameters,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<RequestInput> inputs,
                        @Schema(description = "Outputs wanted; all when absent") List<RequestOutput> outputs) {
    }

    @Schema(name = "OipRequestInput", description = "$request_input: the whole batch, data flat or nested as the shape."
            + " BYTES takes parameters 'resize' (stretch|centerCrop|pad) and 'invert' (auto|true|false)")
    record RequestInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "input") String name,
                        @ArraySchema(schema = @Schema(types = "integer", format = "int64", minimum = "0"),
                                arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[1]"))
                        List<Number> shape,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"FP32", "UINT8", "BYTES"})
                        String datatype,
                        @Schema(ref = PARAMETERS) Map<String, Object> parameters,
                        @Schema(ref = TENSOR_DATA, requiredMode = Schema.RequiredMode.REQUIRED)
                        JsonNode data) {
    }

    @Schema(name = "OipRequestOutput", description = "$request_output")
    record RequestOutput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "probabilities") String name,
                         @Schema(ref = PARAMETERS, description = "Echoed on the response output")
                         Map<String, Object> parameters) {
    }

    @Schema(name = "OipInferenceResponse", description = "$inference_response")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "lenet5") String model_name, @Schema(example = "2") String model_version,
                         @Schema(description = "The request's id; absent when it had none") String id,
                         @Schema(ref = PARAMETERS) Map<String, Object> parameters,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ResponseOutput> outputs) {
    }

    @Schema(name = "OipResponseOutput", description = "$response_output: FP32, row-major")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseOutput(@Schema(example = "probabilities") String name, @Schema(example = "FP32") String datatype,
                          @Schema(example = "[1, 10]") List<Integer> shape,
                          @Schema(ref = PARAMETERS) Map<String, Object> parameters,
                          @Schema(example = "[0.01, 0.9, 0.09]") float[] data) {
    }

    @Schema(name = "OipError", description = "Every error under /v2, as the protocol words it")
    record ErrorBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Model 'lenet5' does not exist")
                     String error) {
    }
}
