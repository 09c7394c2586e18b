package dev.convnet.inference;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.NestedArrays;
import dev.convnet.common.SchemaRefs;
import dev.convnet.common.Tensor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Prediction", description = "Run a model on tensors, as Keras's model.predict")
class PredictController {

    private static final String DETECTOR_INPUT = """
            {"inputs": [[
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]],
              [[0],[0],[0],[1],[1],[0],[0],[0]]
            ]]}""";

    private final TensorPredictionService predictions;

    PredictController(TensorPredictionService predictions) {
        this.predictions = predictions;
    }

    @Schema(description = "A batch of inputs in Keras's NHWC layout")
    record PredictRequest(@Schema(ref = SchemaRefs.TENSOR, requiredMode = Schema.RequiredMode.REQUIRED,
                                  description = "[batch][height][width][channels] nested lists, or {shape, data}")
                          JsonNode inputs,
                          @Schema(description = "Test-time augmentation: answer the mean of the outputs for each input and "
                                  + "for its horizontal mirror (a spatial output is mirrored back first)",
                                  defaultValue = "false") Boolean testTimeFlip) {
    }

    @Schema(description = "The network's outputs for each input of the batch")
    record PredictResponse(UUID modelId, @Schema(example = "[1, 1]") List<Integer> shape,
                           @Schema(ref = SchemaRefs.NUMBER_ARRAY, example = "[[3.0]]") JsonNode outputs,
                           @Schema(description = "Whether the outputs average each input with its mirror") boolean testTimeFlip) {
    }

    @PostMapping(path = "/api/v1/models/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Predict on a batch of tensors (NHWC)")
    @ApiResponse(responseCode = "200", description = "Outputs, one row per input")
    @ApiResponse(responseCode = "400", description = "Inputs of the wrong shape or not numbers",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "More inputs than fit in the node's memory budget at once",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    PredictResponse predict(@PathVariable UUID id,
                            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                                    examples = @ExampleObject(name = "The lesson's 8x8 vertical line", value = DETECTOR_INPUT)))
                            @RequestBody PredictRequest request) {
        Tensor inputs = NestedArrays.read(request.inputs(), "/inputs");
        boolean flip = Boolean.TRUE.equals(request.testTimeFlip());
        if (flip && inputs.rank() != 4) {
            throw new BadRequestException("/testTimeFlip", "testTimeFlip needs image inputs [batch][height][width][channels]; "
                    + "got rank " + inputs.rank());
        }
        Tensor outputs = predictions.predict(id, inputs, flip);
        return new PredictResponse(id, Arrays.stream(outputs.shape()).boxed().toList(), NestedArrays.write(outputs), flip);
    }
}
