package dev.convnet.inference;

import dev.convnet.definition.ModelDeleted;
import dev.convnet.engine.CompiledNetwork;
import dev.convnet.store.ModelNetworks;
import dev.convnet.store.ModelWeightsChanged;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Networks kept in memory for prediction, least recently used first out. New weights or a deleted model
 * evict the entry at once, so the next request sees the current state.
 */
@Component
class LoadedNetworks {

    /** A network with the lock that serializes its use: DL4J networks are not thread-safe. */
    record Loaded(CompiledNetwork network, ReentrantLock lock) {
    }

    private final ModelNetworks networks;
    private final Map<UUID, Loaded> cache;

    LoadedNetworks(ModelNetworks networks, @Value("${convnet.inference.max-loaded-models:16}") int maxLoaded) {
        this.networks = networks;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Loaded> eldest) {
                return size() > maxLoaded;
            }
        };
    }

    Loaded get(UUID modelId) {
        synchronized (cache) {
            Loaded loaded = cache.get(modelId);
            if (loaded != null) {
                return loaded;
            }
        }
        // Loading reads a file and may take a while: outside the cache lock, so other models keep serving.
        Loaded fresh = new Loaded(networks.load(modelId), new ReentrantLock());
        synchronized (cache) {
            return cache.computeIfAbsent(modelId, id -> fresh);
        }
    }

    @EventListener
    void onWeightsChanged(ModelWeightsChanged event) {
        evict(event.modelId());
    }

    @EventListener
    void onModelDeleted(ModelDeleted event) {
        evict(event.modelId());
    }

    private void evict(UUID modelId) {
        synchronized (cache) {
            cache.remove(modelId);
        }
    }
}
