package dev.convnet.audit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** convnet.audit.enabled decides whether the interceptor is installed. */
class AuditConfigurationTest {

    /** Exposes what was registered. */
    private static final class Registry extends InterceptorRegistry {

        List<Object> registered() {
            return getInterceptors();
        }
    }

    private static List<Object> interceptors(boolean enabled, boolean withLog) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("properties", new AuditProperties(enabled, Duration.ofDays(90), Duration.ofHours(1)));
        if (withLog) {
            beans.addBean("log", new AuditLog(mock(AuditEventRepository.class), new SimpleMeterRegistry()));
        }
        Registry registry = new Registry();
        new AuditConfiguration(beans.getBeanProvider(AuditProperties.class), beans.getBeanProvider(AuditLog.class),
                beans.getBeanProvider(java.time.Clock.class)).addInterceptors(registry);
        return registry.registered();
    }

    @Test
    void enabledInstallsTheInterceptor() {
        assertThat(interceptors(true, true)).hasSize(1);
    }

    @Test
    void disabledInstallsNothing() {
        assertThat(interceptors(false, true)).isEmpty();
    }

    @Test
    void withoutTheLogServiceAsInAWebSliceNothingIsInstalled() {
        assertThat(interceptors(true, false)).isEmpty();
    }
}
