package dev.convnet.training;

import dev.convnet.dataset.ImageSet;
import dev.convnet.dataset.PixelLayout;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import dev.convnet.training.augment.AugmentationSettings;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A dataset split served in minibatches: shuffled per epoch (reproducibly from the job's seed), converted
 * from bytes to floats (÷255, NCHW) per batch, optionally augmented.
 */
class ImageSetEpochData implements EpochData {

    private final ImageSet images;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final AugmentationSettings augmentation;

    ImageSetEpochData(ImageSet images, int batchSize, boolean shuffle, long seed, AugmentationSettings augmentation) {
        this.images = images;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation;
    }

    @Override
    public int examples() {
        return images.count();
    }

    @Override
    public BatchStream epoch(int epoch) {
        int[] order = order(epoch);
        return new BatchStream() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = Math.min(batchSize, order.length - next);
                int[] indices = java.util.Arrays.copyOfRange(order, next, next + size);
                next += size;
                float[] features = new float[size * images.imageSize()];
                float[] labels = new float[size * images.numClasses()];
                images.fillFeatures(indices, features, PixelLayout.NCHW);
                images.fillOneHot(indices, labels);
                return new Batch(features, labels, size);
            }

            @Override
            public void close() {
            }
        };
    }

    private int[] order(int epoch) {
        int[] order = new int[images.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(seed * 31 + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
