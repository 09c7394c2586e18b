package dev.convnet.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-caller limiters on a clock the test moves. */
class CallerRateLimitersTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private static RateLimitProperties threePerMinute(int maxTrackedCallers) {
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit(3, Duration.ofMinutes(1));
        return new RateLimitProperties(true, limit, new RateLimitProperties.Limit(1, Duration.ofSeconds(10)), limit,
                maxTrackedCallers, 1, Duration.ofSeconds(30));
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void theFourthCallInAPeriodWaitsForTheNextPeriodAndThenPasses() {
        CallerRateLimiters limiters = new CallerRateLimiters(threePerMinute(100), nanos::get);
        for (int call = 0; call < 3; call++) {
            assertThat(limiters.acquire("alice", LimitedCall.PREDICTIONS)).as("call %d", call + 1).isEmpty();
        }
        advance(Duration.ofSeconds(20));
        Optional<Duration> wait = limiters.acquire("alice", LimitedCall.PREDICTIONS);
        assertThat(wait).isPresent();
        assertThat(wait.get()).isBetween(Duration.ofSeconds(39), Duration.ofSeconds(40));
        assertThat(RetryAfter.seconds(wait.get())).isEqualTo(40);

        advance(Duration.ofSeconds(41));
        assertThat(limiters.acquire("alice", LimitedCall.PREDICTIONS)).isEmpty();
    }

    @Test
    void callersAndClassesOfCallHaveTheirOwnLimits() {
        CallerRateLimiters limiters = new CallerRateLimiters(threePerMinute(100), nanos::get);
        for (int call = 0; call < 3; call++) {
            limiters.acquire("alice", LimitedCall.PREDICTIONS);
        }
        assertThat(limiters.acquire("alice", LimitedCall.PREDICTIONS)).isPresent();
        assertThat(limiters.acquire("bob", LimitedCall.PREDICTIONS)).isEmpty();
        assertThat(limiters.acquire("alice", LimitedCall.UPLOADS)).isEmpty();

        assertThat(limiters.acquire("alice", LimitedCall.TRAINING_SUBMISSIONS)).isEmpty();
        Optional<Duration> wait = limiters.acquire("alice", LimitedCall.TRAINING_SUBMISSIONS);
        assertThat(wait).isPresent();
        assertThat(RetryAfter.seconds(wait.get())).isBetween(1L, 10L);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(RetryAfter.seconds(Duration.ZERO)).isEqualTo(1);
        assertThat(RetryAfter.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RetryAfter.seconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(RetryAfter.seconds(Duration.ofSeconds(59))).isEqualTo(59);
        assertThat(RetryAfter.seconds(Duration.ofNanos(-5))).isEqualTo(1);
    }

    @Test
    void aLimitGivenInPartTakesTheRestFromItsDefaults() {
        RateLimitProperties properties = new RateLimitProperties(true, new RateLimitProperties.Limit(5, null), null, null,
                10, 1, Duration.ofSeconds(1));
        assertThat(properties.predictions()).isEqualTo(new RateLimitProperties.Limit(5, Duration.ofSeconds(1)));
        assertThat(properties.uploads()).isEqualTo(new RateLimitProperties.Limit(60, Duration.ofMinutes(1)));
    }

    @Test
    void invalidLimitsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new RateLimitProperties(true, new RateLimitProperties.Limit(0, null), null, null, 10, 1,
                Duration.ofSeconds(1))).hasMessageContaining("convnet.rate-limits.predictions.limit-for-period");
        assertThatThrownBy(() -> new RateLimitProperties(true,
                        new RateLimitProperties.Limit(1, Duration.ofSeconds(1)),
                        new RateLimitProperties.Limit(1, Duration.ofSeconds(1)),
                        new RateLimitProperties.Limit(1, Duration.ofSeconds(1)), 10, 0, Duration.ofSeconds(1)))
                .hasMessageContaining("convnet.rate-limits.max-concurrent-jobs");
    }
}
