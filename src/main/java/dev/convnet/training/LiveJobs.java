package dev.convnet.training;

import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.engine.runtime.CpuShare;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Jobs running on this node: their latest progress and their stop flags, shared by runner and API. A job holds
 * its guaranteed CPU share ({@code convnet.training.min-cpu-share}) from registration to removal.
 */
@Component
class LiveJobs {

    record Live(AtomicReference<IterationProgress> progress, AtomicBoolean cancel, AtomicBoolean shutdown, long startedNanos,
                int examplesPerEpoch, CpuShare.Reservation cpuShare) {
    }

    private final Map<UUID, Live> live = new ConcurrentHashMap<>();
    private final CpuShare cpuShare;
    private final double minCpuShare;

    LiveJobs(CpuShare cpuShare, TrainingProperties properties) {
        this.cpuShare = cpuShare;
        this.minCpuShare = properties.minCpuShare();
    }

    Live register(UUID jobId, int examplesPerEpoch) {
        Live state = new Live(new AtomicReference<>(), new AtomicBoolean(), new AtomicBoolean(), System.nanoTime(),
                examplesPerEpoch, cpuShare.reserveForTraining(minCpuShare));
        Live previous = live.put(jobId, state);
        if (previous != null) {
            previous.cpuShare().close();
        }
        return state;
    }

    Optional<Live> find(UUID jobId) {
        return Optional.ofNullable(live.get(jobId));
    }

    void remove(UUID jobId) {
        Live removed = live.remove(jobId);
        if (removed != null) {
            removed.cpuShare().close();
        }
    }

    /** Asks every local job to stop at its next batch because the node is shutting down. */
    void stopAllForShutdown() {
        live.values().forEach(state -> state.shutdown().set(true));
    }
}
