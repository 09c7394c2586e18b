package dev.convnet.audit;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the audit interceptor in front of the API when the log is enabled. Its collaborators are looked up rather
 * than injected because web-slice tests load every WebMvcConfigurer without the services behind it: there the
 * calls are simply not audited. It runs first, so that a call another interceptor refuses (e.g. a rate limit) is
 * still recorded: MVC completes every interceptor whose preHandle ran.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<AuditProperties> properties;
    private final ObjectProvider<AuditLog> log;
    private final ObjectProvider<Clock> clock;

    AuditConfiguration(ObjectProvider<AuditProperties> properties, ObjectProvider<AuditLog> log,
                       ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        AuditProperties settings = properties.getIfAvailable();
        AuditLog auditLog = log.getIfAvailable();
        if (settings != null && settings.enabled() && auditLog != null) {
            registry.addInterceptor(new AuditInterceptor(auditLog, clock.getIfAvailable(Clock::systemUTC)))
                    .addPathPatterns("/api/**", "/v2/**").order(Ordered.HIGHEST_PRECEDENCE);
        }
    }
}
