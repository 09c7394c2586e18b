package dev.convnet.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log of mutating API calls.
 *
 * @param enabled         whether mutating calls are recorded (reading the log stays possible either way)
 * @param retention       events older than this are deleted
 * @param cleanupInterval how often expired events are deleted
 */
@ConfigurationProperties("convnet.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("90d") Duration retention,
                              @DefaultValue("1h") Duration cleanupInterval) {

    public AuditProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("convnet.audit.retention must be positive, was " + retention);
        }
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalArgumentException("convnet.audit.cleanup-interval must be positive, was " + cleanupInterval);
        }
    }
}
