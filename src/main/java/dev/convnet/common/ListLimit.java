package dev.convnet.common;

/** How many items a list endpoint returns: what the caller asked for, at least 1 and at most {@link #MAX}. */
public final class ListLimit {

    public static final int MAX = 1000;

    private ListLimit() {
    }

    public static int clamp(int requested) {
        return Math.max(1, Math.min(requested, MAX));
    }
}
