package dev.convnet.dataset.augment;

/**
 * One prepared batch: {@code size} examples, features NCHW and one-hot labels, packed from index 0.
 * The arrays are pooled and sized for a full batch, so a last partial batch uses only the first
 * {@code size * featuresPerExample} (and {@code size * labelsPerExample}) values. Valid until the next
 * call to {@link BatchPipeline#next()} or {@link BatchPipeline#close()}, which recycle them.
 */
public record Batch(float[] features, float[] labels, int size) {
}
