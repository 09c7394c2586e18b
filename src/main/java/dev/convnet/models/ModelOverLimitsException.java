package dev.convnet.models;

import dev.convnet.common.LimitExceededException;
import java.util.UUID;

/**
 * A stored model that exceeds the node's limits (stored before they applied, or under higher ones): its network is
 * never built, so reading its weights or predicting with it is refused (409) instead of attempting an allocation
 * the node cannot make. Its definition, summary and deletion still work.
 */
public class ModelOverLimitsException extends RuntimeException {

    private final UUID modelId;
    private final LimitExceededException exceeded;

    public ModelOverLimitsException(UUID modelId, LimitExceededException exceeded) {
        super("Model " + modelId + " exceeds this node's limits: " + exceeded.getMessage() + ". Its network is not built;"
                + " raise " + exceeded.setting() + " on a node with the memory for it, or delete the model.", exceeded);
        this.modelId = modelId;
        this.exceeded = exceeded;
    }

    public UUID modelId() {
        return modelId;
    }

    public LimitExceededException exceeded() {
        return exceeded;
    }
}
