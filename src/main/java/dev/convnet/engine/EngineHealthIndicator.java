package dev.convnet.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Actuator health component "engine": which ND4J binary runs and whether oneDNN helpers are on.
 *
 * <p>It also enables the helpers: as a bean it is created while the context starts, before any request can
 * build a network, and helpers only attach to layers created after {@link LayerHelpers#enable()}.
 * A slow configuration stays UP (it computes correctly); its {@code problems} say what to fix.
 */
@Component
public class EngineHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(EngineHealthIndicator.class);

    public EngineHealthIndicator() {
        EngineStatus status = LayerHelpers.enable();
        if (status.healthy()) {
            log.info("DL4J engine: {}", status);
        } else {
            log.warn("DL4J engine runs on a slow or unsafe path: {}", status);
        }
    }

    @Override
    public Health health() {
        EngineStatus status = LayerHelpers.status();
        return Health.up()
                .withDetail("helpersActive", status.helpersActive())
                .withDetail("binary", status.binary())
                .withDetail("oneDnn", status.oneDnn())
                .withDetail("blasVendor", status.blasVendor())
                .withDetail("cpuFeatures", status.cpuFeatures())
                .withDetail("ompThreads", status.ompThreads())
                .withDetail("blasThreads", status.blasThreads())
                .withDetail("problems", status.problems())
                .build();
    }
}
