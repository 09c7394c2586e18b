package dev.convnet.store;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Actuator health of the model store: the models this node found broken (weights file missing, unreadable
 * or damaged), each with the reason. It stays UP: every other model serves, and a PUT of weights repairs one.
 */
@Component("modelStore")
class ModelStoreHealthIndicator implements HealthIndicator {

    private final BrokenModels broken;

    ModelStoreHealthIndicator(BrokenModels broken) {
        this.broken = broken;
    }

    @Override
    public Health health() {
        List<BrokenModels.BrokenModel> models = broken.list();
        return Health.up().withDetail("brokenModelCount", models.size()).withDetail("brokenModels", models).build();
    }
}
