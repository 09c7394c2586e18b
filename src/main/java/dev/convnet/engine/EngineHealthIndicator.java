package dev.convnet.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Actuator health of the ND4J native backend: backend and BLAS, the instruction-set level the loaded
 * binary was built for against the best this CPU supports, and the thread counts.
 */
@Component("nd4j")
class EngineHealthIndicator implements HealthIndicator {

    /** libnd4j's encoding of {@code binaryLevel()} / {@code optimalLevel()}. */
    private static final Map<Integer, String> CPU_LEVELS = Map.of(0, "generic", 1, "generic", 2, "AVX2", 3, "AVX512");

    @Override
    public Health health() {
        try {
            Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
            NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("backend", environment.getProperty("backend"));
            details.put("blasVendor", environment.getProperty("blas.vendor"));
            details.put("binaryCpuLevel", CPU_LEVELS.getOrDefault(ops.binaryLevel(), String.valueOf(ops.binaryLevel())));
            details.put("cpuBestLevel", CPU_LEVELS.getOrDefault(ops.optimalLevel(), String.valueOf(ops.optimalLevel())));
            details.put("binaryMatchesCpu", ops.isOptimalRequirementsMet());
            details.put("cores", environment.get("cores"));
            details.put("ompThreads", environment.get("omp.threads"));
            details.put("maxThreads", Nd4j.getEnvironment().maxThreads());
            details.put("helpersAllowed", Nd4j.getEnvironment().helpersAllowed());
            details.put("dataType", Nd4j.dataType().toString());
            Health.Builder health = ops.isMinimalRequirementsMet() ? Health.up() : Health.down();
            return health.withDetails(details).build();
        } catch (RuntimeException | LinkageError e) {
            return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }
}
