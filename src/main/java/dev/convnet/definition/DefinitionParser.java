package dev.convnet.definition;

import tools.jackson.databind.JsonNode;

/** Document (native or Keras) -> validated, shape-checked definition. Pure: touches no state. */
public final class DefinitionParser {

    private final KerasJsonTranslator keras = new KerasJsonTranslator();
    private final DefinitionReader reader = new DefinitionReader();
    private final ShapeInference shapes = new ShapeInference();

    public ParsedDefinition parse(JsonNode document) {
        boolean isKeras = KerasJsonTranslator.isKerasDocument(document);
        JsonNode nativeDocument = isKeras ? keras.translate(document) : document;
        ModelDefinition definition = reader.read(nativeDocument);
        Architecture architecture = shapes.infer(definition);
        return new ParsedDefinition(nativeDocument, isKeras ? DefinitionFormat.KERAS : DefinitionFormat.NATIVE, architecture);
    }
}
