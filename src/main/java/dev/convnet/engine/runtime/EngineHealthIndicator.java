package dev.convnet.engine.runtime;

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
 * Actuator health of the engine: the ND4J binary, which one was chosen and why, BLAS, whether DL4J's oneDNN helpers are active, the
 * instruction-set level the binary was built for against the CPU's, and the thread counts. A slow but
 * correct configuration stays UP; its {@code problems} say what to fix.
 */
@Component("nd4j")
class EngineHealthIndicator implements HealthIndicator {

    /** libnd4j's encoding of {@code binaryLevel()} / {@code optimalLevel()}. */
    private static final Map<Integer, String> CPU_LEVELS = Map.of(0, "generic", 1, "generic", 2, "AVX2", 3, "AVX512");

    @Override
    public Health health() {
        try {
            EngineStatus status = LayerHelpers.status();
            Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
            NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("backend", environment.getProperty("backend"));
            details.put("binary", status.binary());
            NativeBinaries.selection().ifPresent(selection -> details.put("binaryChoice", choiceDetails(selection)));
            details.put("oneDnn", status.oneDnn());
            details.put("helpersActive", status.helpersActive());
            details.put("blasVendor", status.blasVendor());
            details.put("binaryCpuLevel", CPU_LEVELS.getOrDefault(ops.binaryLevel(), String.valueOf(ops.binaryLevel())));
            details.put("cpuBestLevel", CPU_LEVELS.getOrDefault(ops.optimalLevel(), String.valueOf(ops.optimalLevel())));
            details.put("cpuFeatures", status.cpuFeatures());
            details.put("cores", environment.get("cores"));
            details.put("ompThreads", status.ompThreads());
            details.put("blasThreads", status.blasThreads());
            details.put("dataType", Nd4j.dataType().toString());
            details.put("problems", status.problems());
            Health.Builder health = ops.isMinimalRequirementsMet() ? Health.up() : Health.down();
            return health.withDetails(details).build();
        } catch (RuntimeException | LinkageError e) {
            return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }

    private static Map<String, Object> choiceDetails(NativeBinarySelection selection) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("chosen", selection.classifier());
        choice.put("requested", selection.requested());
        choice.put("reason", selection.reason());
        choice.put("available", selection.availableClassifiers());
        choice.put("cpuFeatureSource", selection.cpu().source());
        return choice;
    }
}
