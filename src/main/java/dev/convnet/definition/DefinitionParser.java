package dev.convnet.definition;

import tools.jackson.databind.JsonNode;

/** Document (native or Keras) -> validated, shape-checked definition. Pure: touches no state. */
public final class DefinitionParser {

    private final KerasJsonTranslator keras = new KerasJsonTranslator();
    private final DefinitionReader reader = new DefinitionReader();
    private final ShapeInference shapes = new ShapeInference();

    public ParsedDefinition parse(JsonNode document) {
        return parse(document, DefinitionLimits.NONE);
    }

    /** With a node's limits, each checked as soon as what it limits is known. */
    public ParsedDefinition parse(JsonNode document, DefinitionLimits limits) {
        boolean isKeras = KerasJsonTranslator.isKerasDocument(document);
        if (isKeras) {
            limits.checkLayerCount(KerasJsonTranslator.layerCount(document), "/config/layers");
        } else if (document != null && document.path("layers").isArray()) {
            limits.checkLayerCount(document.path("layers").size(), "/layers");
        }
        JsonNode nativeDocument = isKeras ? keras.translate(document) : document;
        ModelDefinition definition = reader.read(nativeDocument);
        limits.checkSizes(definition);
        Architecture architecture = shapes.infer(definition);
        limits.checkArchitecture(architecture);
        return new ParsedDefinition(nativeDocument, isKeras ? DefinitionFormat.KERAS : DefinitionFormat.NATIVE, architecture);
    }
}
