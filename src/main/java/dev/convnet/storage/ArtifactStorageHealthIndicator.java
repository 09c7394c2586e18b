package dev.convnet.storage;

import java.io.IOException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the artifact storage: the data directory writable, or the bucket reachable with the configured
 * credentials. A node that cannot store or read models must not take traffic.
 */
@Component("artifactStorage")
class ArtifactStorageHealthIndicator implements HealthIndicator {

    private final ArtifactStorage storage;

    ArtifactStorageHealthIndicator(ArtifactStorage storage) {
        this.storage = storage;
    }

    @Override
    public Health health() {
        try {
            storage.probe();
            return Health.up().withDetail("location", storage.location()).build();
        } catch (IOException | RuntimeException e) {
            return Health.down().withDetail("location", storage.location()).withDetail("error", e.getMessage()).build();
        }
    }
}
