package dev.convnet.engine;

import dev.convnet.definition.Architecture;

/**
 * The native memory a network takes, estimated from its definition before anything is allocated. Every value
 * is a float32 (4 bytes). With P parameters and A activations per example (the input plus every layer's output,
 * {@link Architecture#activationsPerExample()}):
 *
 * <pre>
 *   training  = 4 * P * (1 weights + 1 gradients + S updater slots)  +  4 * A * batch * 2 (forward values + their gradients)
 *   inference = 4 * P                                                 +  4 * A * batch
 * </pre>
 *
 * S is the updater's state per parameter: 0 for plain SGD, 1 for momentum SGD and RMSprop, 2 for Adam and AdamW.
 * Not counted: convolution scratch buffers (im2col on the plain path; oneDNN's own), which the budget's headroom
 * covers. Arithmetic saturates at {@link Long#MAX_VALUE}, so an absurd definition is a huge estimate, not a
 * negative one.
 */
public record MemoryEstimate(long parameterBytes, long activationBytes) {

    static final long FLOAT_BYTES = 4;

    public static MemoryEstimate training(Architecture architecture, long batchSize, int updaterSlots) {
        long parameterValues = times(architecture.totalParams(), 2L + updaterSlots);
        return new MemoryEstimate(times(parameterValues, FLOAT_BYTES),
                times(times(architecture.activationsPerExample(), batchSize), 2 * FLOAT_BYTES));
    }

    public static MemoryEstimate inference(Architecture architecture, long batchSize) {
        return new MemoryEstimate(times(architecture.totalParams(), FLOAT_BYTES),
                times(times(architecture.activationsPerExample(), batchSize), FLOAT_BYTES));
    }

    /** The weights alone, as a network holds them once built (and as a model file restores them). */
    public static long weightBytes(Architecture architecture) {
        return times(architecture.totalParams(), FLOAT_BYTES);
    }

    public long totalBytes() {
        long total = parameterBytes + activationBytes;
        return total < 0 ? Long.MAX_VALUE : total;
    }

    /**
     * The largest batch whose estimate stays within {@code budgetBytes}, given the bytes one example adds; 0 when
     * not even the parameters fit.
     */
    public static long largestBatch(long budgetBytes, long fixedBytes, long bytesPerExample) {
        if (fixedBytes >= budgetBytes) {
            return 0;
        }
        return bytesPerExample <= 0 ? Long.MAX_VALUE : (budgetBytes - fixedBytes) / bytesPerExample;
    }

    public static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
