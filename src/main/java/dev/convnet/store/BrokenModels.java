package dev.convnet.store;

import dev.convnet.definition.StoredModel;
import dev.convnet.models.ModelDeleted;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Models this node found broken: at start-up ({@link StoredFileSweeper}) or when loading one failed. A model
 * leaves the list when new weights are stored for it or it is deleted. Shown in health as {@code modelStore}.
 */
@Component
public class BrokenModels {

    public record BrokenModel(UUID modelId, String name, int version, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(BrokenModels.class);

    private final Map<UUID, BrokenModel> broken = new ConcurrentHashMap<>();

    BrokenModelException mark(StoredModel model, String reason) {
        return mark(model.id(), model.name(), model.version(), reason);
    }

    BrokenModelException mark(UUID modelId, String name, int version, String reason) {
        BrokenModel entry = new BrokenModel(modelId, name, version, reason);
        if (!entry.equals(broken.put(modelId, entry))) {
            log.error("Model '{}' version {} ({}) is broken: {}", name, version, modelId, reason);
        }
        return new BrokenModelException(entry);
    }

    void repaired(UUID modelId) {
        broken.remove(modelId);
    }

    public List<BrokenModel> list() {
        return broken.values().stream().sorted(Comparator.comparing(BrokenModel::name).thenComparing(BrokenModel::version))
                .toList();
    }

    @EventListener
    void onModelDeleted(ModelDeleted event) {
        broken.remove(event.modelId());
    }
}
