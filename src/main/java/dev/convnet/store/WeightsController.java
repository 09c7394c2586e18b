package dev.convnet.store;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping(path = "/api/v1/models/{id}/weights", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Weights", description = "Set and read weights in Keras layouts, as model.set_weights() / get_weights()")
class WeightsController {

    private static final String DETECTOR_WEIGHTS = """
            [
              [[[[0]], [[1]], [[0]]],
               [[[0]], [[1]], [[0]]],
               [[[0]], [[1]], [[0]]]],
              [0.0]
            ]""";

    private final WeightsService weights;

    WeightsController(WeightsService weights) {
        this.weights = weights;
    }

    @GetMapping
    @Operation(summary = "Get the weights in Keras layouts",
            description = "The list model.get_weights() returns: conv kernel [kh, kw, in, out], bias [out], dense kernel "
                    + "[in, out], batch-norm gamma, beta, moving mean, moving variance.")
    WeightsResponse get(@PathVariable UUID id) {
        WeightsService.KerasWeights current = weights.get(id);
        return new WeightsResponse(id, current.updatedAt(),
                current.network().weightSlots().stream().map(WeightArrayInfo::of).toList(),
                current.arrays().stream().map(NestedArrays::write).toList());
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set all weights from Keras layouts",
            description = "Body: the list model.get_weights() returns (e.g. [w.tolist() for w in model.get_weights()]), "
                    + "or an object with that list under \"weights\" (what GET returns). Each array may also be given "
                    + "as {\"shape\": [...], \"data\": [...]} in row-major order. Layouts are converted for DL4J, "
                    + "including the row order of a dense kernel after a Flatten.")
    @ApiResponse(responseCode = "200", description = "Stored")
    @ApiResponse(responseCode = "400", description = "Wrong number of arrays, or an array of the wrong shape (named with both shapes)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    WeightsUpdated set(@PathVariable UUID id,
                       @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                               schema = @Schema(ref = SchemaRefs.WEIGHTS_UPLOAD),
                               examples = @ExampleObject(name = "The lesson's vertical-line detector", value = DETECTOR_WEIGHTS)))
                       @RequestBody JsonNode body) {
        return weights.set(id, readArrays(body));
    }

    private static List<Tensor> readArrays(JsonNode body) {
        JsonNode list = body != null && body.isObject() ? body.get("weights") : body;
        String pointer = body != null && body.isObject() ? "/weights" : "";
        if (list == null || !list.isArray()) {
            throw new BadRequestException(pointer.isEmpty() ? "/" : pointer,
                    "the body must be the list of weight arrays, or an object with that list under \"weights\"");
        }
        List<Tensor> arrays = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            arrays.add(NestedArrays.read(list.get(i), pointer + "/" + i));
        }
        return arrays;
    }
}
