package dev.convnet.dataset.augment;

import java.util.concurrent.BlockingQueue;

/** A pooled set of one batch's buffers, filled by the pipeline's producer and lent to its consumer. */
final class BatchSlot {

    final float[] features;
    final float[] labels;
    final int[] indices;
    int size;

    private BatchSlot(int featureLength, int labelLength, int batchSize) {
        features = new float[featureLength];
        labels = new float[labelLength];
        indices = new int[batchSize];
    }

    /** A slot that carries no batch: the pipeline's end and failure markers. */
    static BatchSlot marker() {
        return new BatchSlot(0, 0, 0);
    }

    /** Adds {@code slots} slots sized for {@code batchSize} examples of {@code source} to {@code pool}. */
    static void fill(BlockingQueue<BatchSlot> pool, int slots, ImageSource source, int batchSize) {
        int featureLength = bufferLength("featuresPerExample", source.featuresPerExample(), batchSize);
        int labelLength = bufferLength("labelsPerExample", source.labelsPerExample(), batchSize);
        for (int i = 0; i < slots; i++) {
            pool.add(new BatchSlot(featureLength, labelLength, batchSize));
        }
    }

    private static int bufferLength(String field, int perExample, int batchSize) {
        if (perExample <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + perExample);
        }
        long length = (long) perExample * batchSize;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batchSize " + batchSize + " times " + field + " " + perExample
                    + " does not fit in one array");
        }
        return (int) length;
    }
}
