package dev.convnet.store;

import java.util.UUID;

/**
 * A model whose stored weights are lost or unusable (file missing, unreadable, or failing its checksum). It is
 * never served with other weights in their place; setting its weights again repairs it.
 */
public class BrokenModelException extends RuntimeException {

    private final BrokenModels.BrokenModel model;

    BrokenModelException(BrokenModels.BrokenModel model) {
        super("Model '" + model.name() + "' version " + model.version() + " (" + model.modelId() + ") is broken: "
                + model.reason() + ". Set its weights again (PUT /api/v1/models/" + model.modelId()
                + "/weights) or delete it.");
        this.model = model;
    }

    public UUID modelId() {
        return model.modelId();
    }

    public String modelName() {
        return model.name();
    }

    public int modelVersion() {
        return model.version();
    }
}
