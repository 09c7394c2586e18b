package dev.convnet.engine;

/**
 * A minibatch as the engine consumes it: {@code size} examples, features in NCHW order (the layout DL4J's
 * convolutions use, so no per-batch permute is needed) and one-hot labels. The arrays may be longer than
 * {@code size} examples need (reused buffers); only the first {@code size} examples count.
 */
public record Batch(float[] features, float[] labels, int size) {
}
