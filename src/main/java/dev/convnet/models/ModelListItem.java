package dev.convnet.models;

import dev.convnet.definition.DefinitionFormat;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "A stored model definition, in brief")
public record ModelListItem(UUID id, @Schema(example = "lenet5") String name, @Schema(example = "1") int version,
                            ModelKind kind,
                            @Schema(description = "Aliases pointing at this version", example = "[\"production\"]")
                            List<String> aliases,
                            @Schema(example = "[28, 28, 1]") List<Integer> inputShape,
                            @Schema(example = "545546") long totalParams,
                            DefinitionFormat sourceFormat, Instant createdAt) {

    static ModelListItem of(ModelEntry entry, List<String> aliases) {
        return new ModelListItem(entry.model().id(), entry.model().name(), entry.model().version(), entry.model().kind(),
                List.copyOf(aliases),
                entry.architecture().definition().inputShape().asList(), entry.architecture().totalParams(),
                entry.model().sourceFormat(), entry.model().createdAt());
    }
}
