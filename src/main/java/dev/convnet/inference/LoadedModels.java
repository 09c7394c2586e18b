package dev.convnet.inference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.convnet.common.NotFoundException;
import dev.convnet.engine.runtime.CpuShare;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.models.ModelDeleted;
import dev.convnet.store.ModelWeightsChanged;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The models loaded in memory for prediction, each with its {@link ModelWorkers} and their networks
 * ({@link ServingNetworks}), at most {@code max-loaded-models}. New
 * weights retire the entry (queued requests finish on the old weights, the next ones load the new); a
 * deleted model's requests fail with 404 at once.
 */
@Component
class LoadedModels {

    private final ModelDefinitionService definitions;
    private final ServableModelDescriber describer;
    private final ServingNetworks networks;
    private final InferenceProperties properties;
    private final InferenceMetrics metrics;
    private final CpuShare cpuShare;
    private final Cache<UUID, Slot> cache;

    LoadedModels(ModelDefinitionService definitions, ServableModelDescriber describer, ServingNetworks networks,
                 InferenceProperties properties, InferenceMetrics metrics, CpuShare cpuShare) {
        this.cpuShare = cpuShare;
        this.definitions = definitions;
        this.describer = describer;
        this.networks = networks;
        this.properties = properties;
        this.metrics = metrics;
        // Caffeine's size policy (recency window plus frequency) keeps busy models loaded through a burst of
        // one-off ones; Runnable::run retires an evicted model on the caller's thread, not in a pool's backlog.
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.maxLoadedModels())
                .executor(Runnable::run)
                .<UUID, Slot>removalListener((modelId, slot, cause) -> {
                    if (cause.wasEvicted() && slot != null) {
                        slot.retire(false);
                    }
                })
                .build();
    }

    /** The model's workers, loading it first if needed; null if it was retired meanwhile (ask again). */
    ModelWorkers get(UUID modelId) {
        // 404 for an unknown model, 409 for one over the node's limits, before it takes a place in the cache
        definitions.getLoadable(modelId);
        // Loading reads a file and may take a while: in the slot, outside the cache, so other models keep serving.
        return cache.get(modelId, Slot::new).workers();
    }

    @EventListener
    void onWeightsChanged(ModelWeightsChanged event) {
        evict(event.modelId(), false);
    }

    @EventListener
    void onModelDeleted(ModelDeleted event) {
        evict(event.modelId(), true);
    }

    private void evict(UUID modelId, boolean deleted) {
        Slot slot = cache.asMap().remove(modelId);
        if (slot != null) {
            slot.retire(deleted);
        }
    }

    private final class Slot {
        private final UUID modelId;
        private ModelWorkers workers;
        private boolean retired;
        private boolean deleted;

        Slot(UUID modelId) {
            this.modelId = modelId;
        }

        synchronized ModelWorkers workers() {
            if (deleted) {
                throw new NotFoundException("Model", modelId.toString());
            }
            if (retired) {
                return null;
            }
            if (workers == null) {
                workers = load();
            }
            return workers;
        }

        synchronized void retire(boolean modelDeleted) {
            retired = true;
            deleted = modelDeleted;
            if (workers != null) {
                if (modelDeleted) {
                    workers.delete();
                } else {
                    workers.retire();
                }
            }
        }

        private ModelWorkers load() {
            ServableModel model = describer.describe(definitions.get(modelId));
            return new ModelWorkers(model, networks.load(modelId, model.name() + " v" + model.version()), properties,
                    metrics, cpuShare);
        }
    }
}
