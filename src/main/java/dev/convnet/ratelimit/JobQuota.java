package dev.convnet.ratelimit;

import org.springframework.stereotype.Component;

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
        if (activeJobs >= properties.maxConcurrentJobs()) {
            throw new JobQuotaExceededException(caller, activeJobs, properties.maxConcurrentJobs(),
                    properties.jobQuotaRetryAfter());
        }
    }
}
