package dev.convnet.cluster;

import java.time.Instant;
import java.util.UUID;

/** One row of the change table: what happened to which model, on which node. */
record ModelChange(long seq, UUID modelId, Kind kind, String origin, Instant changedAt) {

    enum Kind {
        /** New weights: loaded copies are retired and load again on the next request. */
        WEIGHTS,
        /** Deleted: loaded copies go, and requests for the model are 404. */
        DELETED
    }
}
