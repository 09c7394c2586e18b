package dev.convnet.cluster;

import dev.convnet.models.ModelDeleted;
import dev.convnet.store.ModelWeightsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes this node's model changes to the change table, for the other nodes. Changes that the
 * {@link ModelChangeFeed} replays from the table came from another node and are not written again.
 */
@Component
class ModelChangeRecorder {

    private final ModelChangeLog log;

    ModelChangeRecorder(ModelChangeLog log) {
        this.log = log;
    }

    @EventListener
    void onWeightsChanged(ModelWeightsChanged event) {
        if (!ModelChangeFeed.replaying()) {
            log.append(event.modelId(), ModelChange.Kind.WEIGHTS);
        }
    }

    @EventListener
    void onModelDeleted(ModelDeleted event) {
        if (!ModelChangeFeed.replaying()) {
            log.append(event.modelId(), ModelChange.Kind.DELETED);
        }
    }
}
