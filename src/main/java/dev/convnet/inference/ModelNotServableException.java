package dev.convnet.inference;

import java.util.UUID;

/** A model that exists but cannot classify images (never trained, or its output is not class probabilities). */
public class ModelNotServableException extends RuntimeException {

    private final UUID modelId;

    public ModelNotServableException(UUID modelId, String reason) {
        super(reason);
        this.modelId = modelId;
    }

    public UUID modelId() {
        return modelId;
    }
}
