package dev.convnet.store;

import dev.convnet.common.Tensor;
import dev.convnet.engine.dl4j.CompiledNetwork;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Keras-layout weights of a model: read them, or replace all of them at once. */
@Service
public class WeightsService {

    private final StoredNetworks networks;
    private final ApplicationEventPublisher events;
    private final Map<UUID, Object> writeLocks = new ConcurrentHashMap<>();

    WeightsService(StoredNetworks networks, ApplicationEventPublisher events) {
        this.networks = networks;
        this.events = events;
    }

    public record KerasWeights(CompiledNetwork network, List<Tensor> arrays, java.time.Instant updatedAt) {
    }

    public KerasWeights get(UUID modelId) {
        CompiledNetwork network = networks.load(modelId);
        return new KerasWeights(network, network.kerasWeights(), networks.weightsUpdatedAt(modelId).orElse(null));
    }

    /**
     * Checks count and shapes of every array before anything changes, then stores the new weights. Every
     * parameter is replaced, so the stored file is not read: this also repairs a broken model.
     */
    public WeightsUpdated set(UUID modelId, List<Tensor> arrays) {
        synchronized (writeLocks.computeIfAbsent(modelId, id -> new Object())) {
            CompiledNetwork network = networks.blank(modelId);
            network.setKerasWeights(arrays);
            String sha256 = networks.save(modelId, network);
            events.publishEvent(new ModelWeightsChanged(modelId));
            return new WeightsUpdated(modelId, network.weightSlots().stream().map(WeightArrayInfo::of).toList(), sha256);
        }
    }
}
