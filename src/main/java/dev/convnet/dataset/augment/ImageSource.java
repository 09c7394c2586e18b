package dev.convnet.dataset.augment;

import java.util.random.RandomGenerator;

/**
 * Turns example indices into model input; called by {@link BatchPipeline}'s producer thread only. The pipeline
 * closes its source once its producer has stopped.
 */
public interface ImageSource extends AutoCloseable {

    /** Floats per example in the features array (channels * height * width). */
    int featuresPerExample();

    /** Floats per example in the labels array (the class count for one-hot labels). */
    int labelsPerExample();

    /**
     * Writes examples {@code indices[0 .. size)} into {@code features} (NCHW, example k at
     * {@code k * featuresPerExample()}) and {@code labels} (example k at {@code k * labelsPerExample()}),
     * overwriting every value of those ranges. {@code random} is the pipeline's seeded augmentation stream.
     */
    void fill(int[] indices, int size, float[] features, float[] labels, RandomGenerator random);

    /** Releases what the source holds (threads, for one); nothing by default. */
    @Override
    default void close() {
    }
}
