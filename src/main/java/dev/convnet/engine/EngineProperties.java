package dev.convnet.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The native engine's process-wide settings.
 *
 * @param blasThreads OpenBLAS threads (dense layers' matrix products). ND4J's default, one per core, made
 *                    everything slower on the 2-core host: idle OpenBLAS threads spin in sched_yield and take a
 *                    core from oneDNN's threads and from other requests. With 1: LeNet-5 training 1,237 -> 2,084
 *                    img/s, CIFAR-10 CNN training 405 -> 613, its batch-1 latency 3.98 -> 1.73 ms, batch 256
 *                    unchanged (docs/BENCHMARKS.md, "What each change of this session gained").
 */
@ConfigurationProperties("convnet.engine")
public record EngineProperties(@DefaultValue("1") int blasThreads) {

    public EngineProperties {
        if (blasThreads < 0) {
            throw new IllegalArgumentException("convnet.engine.blas-threads must be 0 (ND4J's default) or more, was "
                    + blasThreads);
        }
    }

    /** The settings the service starts with when none are configured. */
    public static EngineProperties defaults() {
        return new EngineProperties(1);
    }
}
