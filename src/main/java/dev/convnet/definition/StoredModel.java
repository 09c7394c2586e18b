package dev.convnet.definition;

import java.time.Instant;
import java.util.UUID;

/** A model definition as persisted: the native document, how it arrived, and the seed of its initial weights. */
public record StoredModel(UUID id, String name, DefinitionFormat sourceFormat, String definitionJson, long seed,
                          Instant createdAt) {
}
