package dev.convnet.training;

import dev.convnet.engine.training.IterationProgress;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** Jobs running on this node: their latest progress and their stop flags, shared by runner and API. */
@Component
class LiveJobs {

    record Live(AtomicReference<IterationProgress> progress, AtomicBoolean cancel, AtomicBoolean shutdown, long startedNanos,
                int examplesPerEpoch) {
    }

    private final Map<UUID, Live> live = new ConcurrentHashMap<>();

    Live register(UUID jobId, int examplesPerEpoch) {
        Live state = new Live(new AtomicReference<>(), new AtomicBoolean(), new AtomicBoolean(), System.nanoTime(), examplesPerEpoch);
        live.put(jobId, state);
        return state;
    }

    Optional<Live> find(UUID jobId) {
        return Optional.ofNullable(live.get(jobId));
    }

    void remove(UUID jobId) {
        live.remove(jobId);
    }

    /** Asks every local job to stop at its next batch because the node is shutting down. */
    void stopAllForShutdown() {
        live.values().forEach(state -> state.shutdown().set(true));
    }

    boolean isEmpty() {
        return live.isEmpty();
    }
}
