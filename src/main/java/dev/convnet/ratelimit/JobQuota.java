package dev.convnet.ratelimit;

import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/** How many training jobs one caller may have queued or running at once. */
@Component
public class JobQuota {

    private static final int STRIPES = 64;

    private final RateLimitProperties properties;
    /** One lock per stripe of callers: bounded, unlike a lock per caller. */
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    JobQuota(RateLimitProperties properties) {
        this.properties = properties;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Runs one submission of the caller's (count, check, insert, commit) while no other of the caller's runs on this
     * node, so that two submissions at once cannot both count the same jobs and pass.
     */
    public void exclusively(String caller, Runnable submission) {
        ReentrantLock lock = stripes[Math.floorMod(caller.hashCode(), STRIPES)];
        lock.lock();
        try {
            submission.run();
        } finally {
            lock.unlock();
        }
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
