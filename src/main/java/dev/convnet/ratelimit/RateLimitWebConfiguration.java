package dev.convnet.ratelimit;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the rate limits as MVC interceptors: they run after every servlet filter, so after authentication has
 * set the principal they limit by.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitWebConfiguration implements WebMvcConfigurer {

    private final RateLimitProperties properties;
    private final CallerRateLimiters limiters;

    /** Binds its settings itself: web slice tests load every MVC configurer but no configuration properties. */
    RateLimitWebConfiguration(Environment environment) {
        this.properties = Binder.get(environment).bindOrCreate(RateLimitProperties.PREFIX, RateLimitProperties.class);
        this.limiters = new CallerRateLimiters(properties, System::nanoTime);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (!properties.enabled()) {
            return;
        }
        for (LimitedCall call : LimitedCall.values()) {
            registry.addInterceptor(new RateLimitInterceptor(call, limiters, properties))
                    .addPathPatterns(call.pathPatterns());
        }
    }

    @Bean
    OpenApiCustomizer rateLimitResponses() {
        return new RateLimitResponses();
    }
}
