package dev.convnet.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** One Resilience4j rate limiter per caller and class of call, the least recently used forgotten beyond a bound. */
class CallerRateLimiters {

    private record Key(String caller, LimitedCall call) {
    }

    private final RateLimitProperties properties;
    private final LongSupplier nanoTime;
    private final Cache<Key, AtomicRateLimiter> limiters;

    CallerRateLimiters(RateLimitProperties properties, LongSupplier nanoTime) {
        this.properties = properties;
        this.nanoTime = nanoTime;
        this.limiters = Caffeine.newBuilder().maximumSize(properties.maxTrackedCallers()).build();
    }

    /** Takes a permit for the call; when none is left, how long until the next one is free. */
    Optional<Duration> acquire(String caller, LimitedCall call) {
        AtomicRateLimiter limiter = limiters.get(new Key(caller, call), key -> newLimiter(key));
        if (limiter.acquirePermission()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, limiter.getDetailedMetrics().getNanosToWait())));
    }

    private AtomicRateLimiter newLimiter(Key key) {
        RateLimitProperties.Limit limit = properties.limitOf(key.call());
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(limit.limitForPeriod())
                .limitRefreshPeriod(limit.refreshPeriod())
                // Refuse at once rather than hold a request thread until a permit frees up.
                .timeoutDuration(Duration.ZERO)
                .build();
        return new AtomicRateLimiter(key.call().settingName() + ":" + key.caller(), config, nanoTime::getAsLong);
    }
}
