package dev.convnet.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models/by-name/{name}/aliases")
@Tag(name = "Model aliases", description = "Named pointers to versions, as in MLflow's model registry. Requests that name"
        + " a model without a version are served by the 'production' alias when it is set, else by the newest version"
        + " that has weights")
class ModelAliasController {

    private static final String PROBLEM = "application/problem+json";
    private static final String ALIAS = "Alias: 1 to 64 of a-z, 0-9, '-', '_'; not 'latest' or 'v<number>'";

    private final ModelAliases aliases;

    ModelAliasController(ModelAliases aliases) {
        this.aliases = aliases;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List a model name's aliases with the version each points at")
    @ApiResponse(responseCode = "200", description = "Alias -> version (empty when none is set)")
    @ApiResponse(responseCode = "404", description = "No model has this name",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ModelAliasesResponse list(@Parameter(description = "Model name", example = "lenet5") @PathVariable String name) {
        return new ModelAliasesResponse(name, aliases.list(name));
    }

    @PutMapping(path = "/{alias}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Point an alias at a version (creating or moving it)",
            description = "The move is atomic: a request served by the alias meets the old version or the new one. "
                    + "Only a version with weights (trained, imported, or with weights set) can be an alias's target.")
    @ApiResponse(responseCode = "200", description = "The alias now points at the version")
    @ApiResponse(responseCode = "400", description = "Invalid or reserved alias name, or version missing or below 1;"
            + " 'field' names which",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such model name or version",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The version has no weights (never trained, none set)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ModelAliasResponse point(
            @Parameter(description = "Model name", example = "lenet5") @PathVariable String name,
            @Parameter(description = ALIAS, example = "production") @PathVariable String alias,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = AliasTarget.class),
                    examples = @ExampleObject(name = "Version 3", value = "{\"version\": 3}")))
            @RequestBody AliasTarget target) {
        return aliases.point(name, alias, target.version());
    }

    @DeleteMapping("/{alias}")
    @Operation(summary = "Delete an alias",
            description = "Deleting 'production' makes requests without a version go to the newest version with weights.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "Invalid alias name; 'field' is 'alias'",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The alias is not set on this model",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> remove(@Parameter(description = "Model name", example = "lenet5") @PathVariable String name,
                                @Parameter(description = ALIAS, example = "production") @PathVariable String alias) {
        aliases.remove(name, alias);
        return ResponseEntity.noContent().build();
    }
}
