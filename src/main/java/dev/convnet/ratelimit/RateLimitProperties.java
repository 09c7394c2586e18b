package dev.convnet.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller limits. A caller is the authenticated principal's name (an API key's id or a JWT subject), or
 * "anonymous" when security is off.
 *
 * @param enabled                 false turns the rate limits off (the job quota stays)
 * @param predictions             image, tensor and Open Inference predictions
 * @param trainingSubmissions     training job submissions
 * @param uploads                 dataset uploads, model imports and weight uploads
 * @param maxTrackedCallers       callers whose limiters are kept; the least recently seen beyond it are forgotten
 * @param maxConcurrentJobs       training jobs a caller may have queued or running at once
 * @param jobQuotaRetryAfter      the Retry-After hint when the job quota refuses: jobs end in minutes, not seconds
 */
@ConfigurationProperties(RateLimitProperties.PREFIX)
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  Limit predictions,
                                  Limit trainingSubmissions,
                                  Limit uploads,
                                  @DefaultValue("10000") int maxTrackedCallers,
                                  @DefaultValue("4") int maxConcurrentJobs,
                                  @DefaultValue("30s") Duration jobQuotaRetryAfter) {

    static final String PREFIX = "convnet.rate-limits";

    public RateLimitProperties {
        predictions = Limit.complete(predictions, 1000, Duration.ofSeconds(1), LimitedCall.PREDICTIONS);
        trainingSubmissions = Limit.complete(trainingSubmissions, 30, Duration.ofMinutes(1), LimitedCall.TRAINING_SUBMISSIONS);
        uploads = Limit.complete(uploads, 60, Duration.ofMinutes(1), LimitedCall.UPLOADS);
        if (maxTrackedCallers < 1) {
            throw new IllegalArgumentException("convnet.rate-limits.max-tracked-callers must be at least 1, was "
                    + maxTrackedCallers);
        }
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("convnet.rate-limits.max-concurrent-jobs must be at least 1, was "
                    + maxConcurrentJobs);
        }
        if (jobQuotaRetryAfter.isNegative() || jobQuotaRetryAfter.isZero()) {
            throw new IllegalArgumentException("convnet.rate-limits.job-quota-retry-after must be positive, was "
                    + jobQuotaRetryAfter);
        }
    }

    /**
     * A setting left out takes its class's default.
     *
     * @param limitForPeriod calls a caller may make per period
     * @param refreshPeriod  the period after which the permits are renewed
     */
    public record Limit(Integer limitForPeriod, Duration refreshPeriod) {

        static Limit complete(Limit given, int defaultLimit, Duration defaultPeriod, LimitedCall call) {
            int limit = given == null || given.limitForPeriod() == null ? defaultLimit : given.limitForPeriod();
            Duration period = given == null || given.refreshPeriod() == null ? defaultPeriod : given.refreshPeriod();
            String setting = PREFIX + "." + call.settingName();
            if (limit < 1) {
                throw new IllegalArgumentException(setting + ".limit-for-period must be at least 1, was " + limit);
            }
            if (period.toNanos() < 1000) {
                throw new IllegalArgumentException(setting + ".refresh-period must be at least 1 microsecond, was " + period);
            }
            return new Limit(limit, period);
        }
    }

    Limit limitOf(LimitedCall call) {
        return switch (call) {
            case PREDICTIONS -> predictions;
            case TRAINING_SUBMISSIONS -> trainingSubmissions;
            case UPLOADS -> uploads;
        };
    }
}
