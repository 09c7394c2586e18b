package dev.convnet.inference;

import java.time.Duration;

/** The model's queue is full, or a request waited too long: the client should retry later (503). */
public class InferenceOverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public InferenceOverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds for the Retry-After header, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
