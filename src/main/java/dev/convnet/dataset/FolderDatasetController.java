package dev.convnet.dataset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/datasets/folders", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Datasets")
class FolderDatasetController {

    private final FolderDatasetRegistrar registrar;

    FolderDatasetController(FolderDatasetRegistrar registrar) {
        this.registrar = registrar;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a folder of images on the nodes' filesystem as a dataset, streamed when trained on",
            description = "The folder must lie under one of convnet.datasets.folder-roots (after resolving symbolic "
                    + "links) and hold train/<class>/<image> with optional val/<class>/ or test/<class>/. Every node "
                    + "lists it; a node trains on it if the folder is visible there at the same path.")
    @ApiResponse(responseCode = "201", description = "Registered; Location names the dataset")
    @ApiResponse(responseCode = "400", description = "A field is invalid; 'field' names it",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "No folder roots are configured, or the path is outside them",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "A dataset of that name exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The folder is missing or not laid out as a dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetInfo> register(@Valid @RequestBody FolderRegistrationRequest request) {
        DatasetInfo info = registrar.register(request);
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + info.name())).body(info);
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Unregister a folder dataset; its files are left untouched")
    @ApiResponse(responseCode = "204", description = "Unregistered")
    @ApiResponse(responseCode = "404", description = "No dataset has this name",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The dataset is built-in, configured or uploaded",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> unregister(@PathVariable String name) {
        registrar.unregister(name);
        return ResponseEntity.noContent().build();
    }
}
