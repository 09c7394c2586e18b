package dev.convnet.node;

import java.util.Locale;

/** What a node of a cluster does; {@code convnet.node.roles} names any of them. */
public enum NodeRole {

    /** Definitions, models, aliases, weights, datasets, training jobs, evaluations, audit: the management API. */
    API,
    /** Predictions: the REST predict endpoints and the Open Inference Protocol under /v2. */
    SERVING,
    /** Takes training jobs from the shared queue and runs them. */
    TRAINING;

    /** The name used in configuration and answers. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
