package dev.convnet.ratelimit;

import dev.convnet.common.ApiProblems;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A caller already has its maximum of training jobs queued or running: 429 until one of them ends. */
class JobQuotaExceededException extends ErrorResponseException {

    JobQuotaExceededException(String caller, long activeJobs, int maxConcurrentJobs, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, "job-quota-exceeded",
                "Too many training jobs", "Caller '" + caller + "' has " + activeJobs + " training job"
                        + (activeJobs == 1 ? "" : "s") + " queued or running, its maximum (" + RateLimitProperties.PREFIX
                        + ".max-concurrent-jobs = " + maxConcurrentJobs + "); submit again when one ends, or cancel one",
                "limit", "max-concurrent-jobs", "maxConcurrentJobs", maxConcurrentJobs, "activeJobs", activeJobs), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.seconds(retryAfter)));
    }
}
