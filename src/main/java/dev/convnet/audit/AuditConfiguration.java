package dev.convnet.audit;

import java.time.Clock;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the audit interceptor in front of the API (when enabled) and deletes expired events periodically. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration implements WebMvcConfigurer, SchedulingConfigurer {

    private final AuditProperties properties;
    private final AuditLog log;
    private final AuditRetention retention;
    private final Clock clock;

    AuditConfiguration(AuditProperties properties, AuditLog log, AuditRetention retention, Clock clock) {
        this.properties = properties;
        this.log = log;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (properties.enabled()) {
            registry.addInterceptor(new AuditInterceptor(log, clock)).addPathPatterns("/api/**", "/v2/**");
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(retention::deleteExpired, properties.cleanupInterval());
    }
}
