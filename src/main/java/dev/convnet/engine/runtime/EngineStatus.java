package dev.convnet.engine.runtime;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the DL4J engine runs on, for start-up logs and actuator health.
 *
 * @param helpersActive   DL4J attaches oneDNN helpers to conv, pooling and batch-norm layers created now
 * @param binary          classifier of the ND4J binary JavaCPP loaded, e.g. {@code linux-x86_64-onednn-avx512}
 * @param oneDnn          the loaded binary was built with oneDNN ({@code HAVE_ONEDNN} in its build info)
 * @param blasVendor      BLAS library ND4J multiplies matrices with, e.g. {@code OPENBLAS}
 * @param cpuFeatures     the CPU's SIMD features that matter for the binary choice
 * @param ompThreads      threads ND4J's native ops use
 * @param blasThreads     threads the BLAS library uses
 * @param problems        mismatches between binary, CPU and settings; empty when healthy
 */
public record EngineStatus(
        boolean helpersActive,
        String binary,
        boolean oneDnn,
        String blasVendor,
        Set<String> cpuFeatures,
        int ompThreads,
        int blasThreads,
        List<String> problems) {

    public EngineStatus {
        cpuFeatures = Collections.unmodifiableSortedSet(new TreeSet<>(cpuFeatures));
        problems = List.copyOf(problems);
    }
}
