package dev.convnet.ratelimit;

import java.time.Duration;

/** Retry-After values: whole seconds, rounded up, never 0 (a client told 0 would retry at once and be refused). */
final class RetryAfter {

    private RetryAfter() {
    }

    static long seconds(Duration wait) {
        long nanos = Math.max(0, wait.toNanos());
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
