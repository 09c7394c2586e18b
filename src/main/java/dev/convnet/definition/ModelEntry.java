package dev.convnet.definition;

import tools.jackson.databind.JsonNode;

/** A stored model definition together with what was inferred from it. */
public record ModelEntry(StoredModel model, JsonNode document, Architecture architecture) {
}
