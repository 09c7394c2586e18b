package dev.convnet.audit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Deletes events older than {@code convnet.audit.retention}. Every node may run it: the delete is idempotent. */
@Component
class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditEventRepository repository;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditEventRepository repository, AuditProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    /** Returns how many events were deleted; a failure is logged and retried at the next interval. */
    int deleteExpired() {
        try {
            int deleted = repository.deleteOlderThan(clock.instant().minus(properties.retention()));
            if (deleted > 0) {
                LOG.info("Deleted {} audit events older than {}", deleted, properties.retention());
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.warn("Deleting expired audit events failed; retrying in {}", properties.cleanupInterval(), e);
            return 0;
        }
    }
}
