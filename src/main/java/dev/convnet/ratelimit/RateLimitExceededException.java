package dev.convnet.ratelimit;

import dev.convnet.common.ApiProblems;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A caller made more calls of one class than its limit allows in the period: 429 with Retry-After. */
class RateLimitExceededException extends ErrorResponseException {

    RateLimitExceededException(String caller, LimitedCall call, RateLimitProperties.Limit limit, Duration wait) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(caller, call, limit, RetryAfter.seconds(wait)), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.seconds(wait)));
    }

    private static ProblemDetail problem(String caller, LimitedCall call, RateLimitProperties.Limit limit,
                                         long retryAfter) {
        // "PT1M" reads as "1m", as the setting is written
        String period = limit.refreshPeriod().toString().substring(2).toLowerCase();
        return ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many " + call.description(),
                "Caller '" + caller + "' is over its limit of " + limit.limitForPeriod() + " " + call.description()
                        + " per " + period + " (" + RateLimitProperties.PREFIX + "." + call.settingName()
                        + "); retry in " + retryAfter + " s",
                "limit", call.settingName(), "limitForPeriod", limit.limitForPeriod(),
                "refreshPeriod", limit.refreshPeriod().toString(), "retryAfterSeconds", retryAfter);
    }
}
