package dev.convnet.definition;

/** Which form a definition arrived in. */
public enum DefinitionFormat {
    /** This API's document: {@code name, inputShape, layers[{type, ...}], loss}. */
    NATIVE,
    /** Keras's {@code model.to_json()} of a Sequential model. */
    KERAS
}
