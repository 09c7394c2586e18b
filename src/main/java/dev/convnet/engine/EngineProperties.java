package dev.convnet.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The native engine's process-wide settings.
 *
 * @param blasThreads  OpenBLAS threads (dense layers' matrix products). ND4J's default, one per core, made
 *                     everything slower on the 2-core host: idle OpenBLAS threads spin in sched_yield and take a
 *                     core from oneDNN's threads and from other requests (docs/BENCHMARKS.md).
 * @param nativeBinary which ND4J build to load: {@code auto} (the fastest this CPU can run) or a build's name,
 *                     {@code onednn-avx512}, {@code onednn-avx2}, {@code onednn}, {@code avx512}, {@code avx2},
 *                     {@code plain}. Applied before the application context exists ({@link NativeBinaries}); bound
 *                     here so that it is documented and listed with the other settings.
 */
@ConfigurationProperties("convnet.engine")
public record EngineProperties(@DefaultValue("1") int blasThreads, @DefaultValue("auto") String nativeBinary) {

    public EngineProperties {
        if (blasThreads < 0) {
            throw new IllegalArgumentException("convnet.engine.blas-threads must be 0 (ND4J's default) or more, was "
                    + blasThreads);
        }
    }

    /** The settings the service starts with when none are configured. */
    public static EngineProperties defaults() {
        return new EngineProperties(1, "auto");
    }
}
