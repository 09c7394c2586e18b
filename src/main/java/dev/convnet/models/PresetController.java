package dev.convnet.models;

import dev.convnet.common.NotFoundException;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.Preset;
import dev.convnet.definition.PresetCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/presets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Presets", description = "The lesson's networks, ready to create")
class PresetController {

    private final PresetCatalog presets;
    private final ModelDefinitionService models;

    PresetController(PresetCatalog presets, ModelDefinitionService models) {
        this.presets = presets;
        this.models = models;
    }

    @GetMapping
    @Operation(summary = "List presets: the lesson's detector, LeNet-5 and CIFAR-10 CNN")
    List<Preset> list() {
        return presets.all();
    }

    @GetMapping("/{presetId}")
    @Operation(summary = "Get one preset")
    Preset get(@Parameter(schema = @Schema(allowableValues = {"detector", "lenet5", "cifar10-cnn"})) @PathVariable String presetId) {
        return find(presetId);
    }

    @PostMapping("/{presetId}/models")
    @Operation(summary = "Create a model from a preset in one call")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new model")
    ResponseEntity<ModelResponse> create(
            @Parameter(schema = @Schema(allowableValues = {"detector", "lenet5", "cifar10-cnn"})) @PathVariable String presetId) {
        ModelEntry entry = models.create(find(presetId).definition());
        return ResponseEntity.created(URI.create("/api/v1/models/" + entry.model().id()))
                .body(ModelResponse.of(entry, models.engineLayers(entry)));
    }

    private Preset find(String presetId) {
        return presets.find(presetId).orElseThrow(() -> new NotFoundException("Preset", presetId));
    }
}
