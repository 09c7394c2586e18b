package dev.convnet.definition;

import tools.jackson.databind.JsonNode;

/**
 * A definition document that passed every check: the document in this API's own form (a Keras
 * document is stored translated) and the architecture inferred from it.
 */
public record ParsedDefinition(JsonNode document, DefinitionFormat format, Architecture architecture) {
}
