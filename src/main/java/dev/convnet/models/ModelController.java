package dev.convnet.models;

import dev.convnet.definition.DefinitionDocument;
import dev.convnet.definition.KerasModelJson;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Define networks (native or Keras JSON), inspect their architecture and summary")
class ModelController {

    private final ModelDefinitionService models;

    ModelController(ModelDefinitionService models) {
        this.models = models;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a model from a definition",
            description = "Accepts this API's definition document or Keras's model.to_json() of a Sequential model. "
                    + "Shapes are inferred and the network is compiled before anything is stored.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new model")
    @ApiResponse(responseCode = "400", description = "Invalid definition: each error names the layer index, field and shapes",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body over convnet.api.max-request-size, or the network over one of the"
            + " node's limits (convnet.limits.*): 'field', 'value', 'limit' and 'setting' say which",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ModelResponse> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(oneOf = {DefinitionDocument.class, KerasModelJson.class}),
                    examples = {
                            @ExampleObject(name = "LeNet-5", value = DefinitionExamples.LENET5),
                            @ExampleObject(name = "Vertical-line detector", value = DefinitionExamples.DETECTOR),
                            @ExampleObject(name = "Keras to_json() of the detector", value = DefinitionExamples.DETECTOR_KERAS_JSON)}))
            @RequestBody JsonNode document) {
        ModelEntry entry = models.create(document);
        return ResponseEntity.created(URI.create("/api/v1/models/" + entry.model().id()))
                .body(ModelResponse.of(entry, models.engineLayers(entry)));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List models")
    List<ModelListItem> list() {
        Map<UUID, List<String>> aliases = models.aliasesByModel();
        return models.list().stream()
                .map(entry -> ModelListItem.of(entry, aliases.getOrDefault(entry.model().id(), List.of()))).toList();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a model: definition, compiled architecture and summary")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No such model",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ModelResponse get(@Parameter(description = "Model id") @PathVariable UUID id) {
        ModelEntry entry = models.get(id);
        return ModelResponse.of(entry, models.engineLayers(entry), models.aliasesOf(id));
    }

    @GetMapping(path = "/{id}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Keras-style summary",
            description = "Per layer: name, Keras type, output shape (batch null) and parameter count; totals. A graph"
                    + " (Keras functional) model lists its InputLayer first and gives each layer's inputs (connectedTo)."
                    + " Ask for text/plain to get the table laid out like Keras 2's model.summary(): three columns for"
                    + " a Sequential model, four with \"Connected to\" for a graph.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = ModelSummary.class)),
            @Content(mediaType = "text/plain", schema = @Schema(type = "string"))})
    ModelSummary summary(@PathVariable UUID id) {
        return ModelSummary.of(models.get(id).architecture());
    }

    @GetMapping(path = "/{id}/summary", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(hidden = true)
    String summaryText(@PathVariable UUID id) {
        return summary(id).toText();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a model with its weights")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such model",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Aliases point at this version ('aliases' lists them): move or"
            + " delete them first", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        models.delete(id);
        return ResponseEntity.noContent().build();
    }
}
