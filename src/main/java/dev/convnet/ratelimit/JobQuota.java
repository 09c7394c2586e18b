package dev.convnet.ratelimit;

import dev.convnet.common.ApiProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/** How many training jobs one caller may have queued or running at once. */
@Component
public class JobQuota {

    private final RateLimitProperties properties;

    JobQuota(RateLimitProperties properties) {
        this.properties = properties;
    }

    /**
     * Refuses one more job (429) when the caller already has its maximum queued or running.
     *
     * @param activeJobs the caller's jobs queued or running now, counted in the transaction that would add the job
     */
    public void checkOneMore(String caller, long activeJobs) {
        int max = properties.maxConcurrentJobs();
        if (activeJobs >= max) {
            long retryAfter = RetryAfter.seconds(properties.jobQuotaRetryAfter());
            ErrorResponseException refusal = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS,
                    ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, "job-quota-exceeded", "Too many training jobs",
                            "Caller '" + caller + "' has " + activeJobs + " training job" + (activeJobs == 1 ? "" : "s")
                                    + " queued or running, its maximum (convnet.rate-limits.max-concurrent-jobs = " + max
                                    + "); submit again when one ends, or cancel one",
                            "limit", "max-concurrent-jobs", "maxConcurrentJobs", max, "activeJobs", activeJobs),
                    null);
            refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            throw refusal;
        }
    }
}
