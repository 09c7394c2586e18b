package dev.convnet.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Deletes expired audit events every {@code convnet.audit.cleanup-interval}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditRetentionSchedule implements SchedulingConfigurer {

    private final AuditRetention retention;
    private final AuditProperties properties;

    AuditRetentionSchedule(AuditRetention retention, AuditProperties properties) {
        this.retention = retention;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(retention::deleteExpired, properties.cleanupInterval());
    }
}
