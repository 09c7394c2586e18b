package dev.convnet.definition;

import java.time.Instant;
import java.util.UUID;

/**
 * A model as persisted: its definition (native document), how it arrived, the seed of its initial
 * weights, its version among the models of the same name and, for a trained model, its lineage.
 */
public record StoredModel(UUID id, String name, int version, ModelKind kind, DefinitionFormat sourceFormat,
                          String definitionJson, long seed, Instant createdAt, Lineage lineage) {

    public StoredModel withVersion(int newVersion) {
        return new StoredModel(id, name, newVersion, kind, sourceFormat, definitionJson, seed, createdAt, lineage);
    }
}
