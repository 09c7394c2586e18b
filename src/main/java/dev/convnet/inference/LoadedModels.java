package dev.convnet.inference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.convnet.admission.ModelAdmission;
import dev.convnet.common.LimitExceededException;
import dev.convnet.common.NotFoundException;
import dev.convnet.engine.runtime.CpuShare;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.models.ModelDeleted;
import dev.convnet.models.ModelOverLimitsException;
import dev.convnet.store.ModelWeightsChanged;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The models loaded in memory for prediction, each with its {@link ModelWorkers} and their networks
 * ({@link ServingNetworks}), at most {@code max-loaded-models} and together at most
 * {@code convnet.limits.loaded-models-memory} of native memory ({@link ServingMemory}): a model about to load is
 * charged its estimate first, unloading the least used models until it fits. New weights retire the entry (queued
 * requests finish on the old weights, the next ones load the new); a deleted model's requests fail with 404 at once.
 */
@Component
class LoadedModels {

    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    private final ModelDefinitionService definitions;
    private final ServableModelDescriber describer;
    private final ServingNetworks networks;
    private final InferenceProperties properties;
    private final InferenceMetrics metrics;
    private final CpuShare cpuShare;
    private final ServingMemory memory;
    private final Cache<UUID, Slot> cache;

    LoadedModels(ModelDefinitionService definitions, ServableModelDescriber describer, ServingNetworks networks,
                 InferenceProperties properties, InferenceMetrics metrics, CpuShare cpuShare, ModelAdmission admission) {
        this.cpuShare = cpuShare;
        this.definitions = definitions;
        this.describer = describer;
        this.networks = networks;
        this.properties = properties;
        this.metrics = metrics;
        this.memory = new ServingMemory(admission.loadedModelsMemory());
        metrics.memory(memory);
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

    /**
     * Charges {@code bytes} for the model about to load, unloading the coldest loaded models until they fit.
     *
     * @throws ModelOverLimitsException     when the model alone is larger than the whole budget (409)
     * @throws InferenceOverloadedException when what is left is held by models still loading (503, retry)
     */
    private ServingMemory.Charge reserve(UUID modelId, String label, long bytes, String engine) {
        if (bytes > memory.budgetBytes()) {
            throw new ModelOverLimitsException(modelId, new LimitExceededException("/layers", bytes, memory.budgetBytes(),
                    "convnet.limits.loaded-models-memory", "serving the model on " + engine + " takes an estimated "
                            + ModelAdmission.bytes(bytes) + " of native memory, more than this node's budget for loaded"
                            + " models, " + ModelAdmission.bytes(memory.budgetBytes())
                            + " (convnet.limits.loaded-models-memory)"));
        }
        while (true) {
            ServingMemory.Charge charge = memory.tryCharge(bytes, engine);
            if (charge != null) {
                return charge;
            }
            Map.Entry<UUID, Slot> victim = coldestLoaded(modelId);
            if (victim == null) {
                throw new InferenceOverloadedException("Models being loaded hold this node's memory for loaded models"
                        + " (convnet.limits.loaded-models-memory): retry", properties.retryAfter());
            }
            if (cache.asMap().remove(victim.getKey(), victim.getValue())) {
                log.info("Unloading model {} ({}) to make room for {} ({}) within convnet.limits.loaded-models-memory {}",
                        victim.getKey(), ModelAdmission.bytes(victim.getValue().chargedBytes()), label,
                        ModelAdmission.bytes(bytes), ModelAdmission.bytes(memory.budgetBytes()));
                victim.getValue().retire(false);
            }
        }
    }

    /** The least used model other than {@code except} whose workers serve; null if there is none. */
    private Map.Entry<UUID, Slot> coldestLoaded(UUID except) {
        var eviction = cache.policy().eviction().orElseThrow();
        for (Map.Entry<UUID, Slot> entry : eviction.coldest(Integer.MAX_VALUE).entrySet()) {
            if (!entry.getKey().equals(except) && entry.getValue().chargedBytes() > 0) {
                return entry;
            }
        }
        return null;
    }

    private final class Slot {
        private final UUID modelId;
        /** Guards the fields below; never held while loading, so retiring never waits for a load. */
        private final Object state = new Object();
        private ModelWorkers workers;
        private boolean retired;
        private boolean deleted;

        Slot(UUID modelId) {
            this.modelId = modelId;
        }

        /** Loads one at a time per slot (this monitor); {@link #retire} only takes {@link #state}. */
        synchronized ModelWorkers workers() {
            synchronized (state) {
                if (deleted) {
                    throw new NotFoundException("Model", modelId.toString());
                }
                if (retired) {
                    return null;
                }
                if (workers != null) {
                    return workers;
                }
            }
            ModelWorkers loaded = load();
            boolean modelDeleted;
            synchronized (state) {
                if (!retired) {
                    workers = loaded;
                    return loaded;
                }
                modelDeleted = deleted;
            }
            // retired while loading: these workers never serve, and closing them releases their charge
            if (modelDeleted) {
                loaded.delete();
                throw new NotFoundException("Model", modelId.toString());
            }
            loaded.retire();
            return null;
        }

        /** Bytes charged for the serving workers; 0 while loading or once retired. */
        long chargedBytes() {
            synchronized (state) {
                return workers == null || retired ? 0 : workers.chargedBytes();
            }
        }

        void retire(boolean modelDeleted) {
            ModelWorkers current;
            synchronized (state) {
                retired = true;
                deleted = deleted || modelDeleted;
                current = workers;
            }
            if (current != null) {
                if (modelDeleted) {
                    current.delete();
                } else {
                    current.retire();
                }
            }
        }

        private ModelWorkers load() {
            ServableModel model = describer.describe(definitions.get(modelId));
            String label = model.name() + " v" + model.version();
            ServingNetworks.Loaded loaded = networks.load(modelId, label,
                    (bytes, engine) -> reserve(modelId, label, bytes, engine));
            return new ModelWorkers(model, loaded.networks(), loaded.charge(), properties, metrics, cpuShare);
        }
    }
}
