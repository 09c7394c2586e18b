package dev.convnet.models;

import dev.convnet.definition.DefinitionDocument;
import dev.convnet.definition.DefinitionFormat;
import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelDefinition;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.definition.ModelSummary;
import dev.convnet.definition.StoredModel;
import dev.convnet.engine.dl4j.EngineLayer;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

@Schema(description = "A stored model definition with its compiled DL4J architecture and its Keras-style summary")
public record ModelResponse(
        UUID id,
        @Schema(example = "lenet5") String name,
        @Schema(description = "Version among the models of this name, from 1", example = "1") int version,
        @Schema(description = "DEFINITION (initial or hand-set weights) or TRAINED") ModelKind kind,
        @Schema(description = "For a trained model: parent model, training job, dataset, class names, normalization;"
                + " for an imported one: source 'import', the file's format and SHA-256")
        Lineage lineage,
        @Schema(description = "Aliases of its name that point at this version", example = "[\"production\"]")
        List<String> aliases,
        @Schema(description = "The form the definition was posted in") DefinitionFormat sourceFormat,
        Instant createdAt,
        @Schema(description = "[height, width, channels]", example = "[28, 28, 1]") List<Integer> inputShape,
        @Schema(description = "Training loss (Keras name)", example = "categorical_crossentropy") String loss,
        @Schema(implementation = DefinitionDocument.class,
                description = "The definition in this API's native form, with Keras's defaults applied on reading")
        JsonNode definition,
        @Schema(description = "The DL4J layers the definition compiled to") List<EngineLayer> architecture,
        ModelSummary summary) {

    /** A model that no alias points at, e.g. one just created. */
    public static ModelResponse of(ModelEntry entry, List<EngineLayer> engineLayers) {
        return of(entry, engineLayers, List.of());
    }

    public static ModelResponse of(ModelEntry entry, List<EngineLayer> engineLayers, List<String> aliases) {
        StoredModel model = entry.model();
        ModelDefinition definition = entry.architecture().definition();
        return new ModelResponse(model.id(), model.name(), model.version(), model.kind(), model.lineage(),
                List.copyOf(aliases), model.sourceFormat(), model.createdAt(),
                definition.inputShape().asList(), definition.loss().kerasName(), entry.document(), engineLayers,
                ModelSummary.of(entry.architecture()));
    }
}
