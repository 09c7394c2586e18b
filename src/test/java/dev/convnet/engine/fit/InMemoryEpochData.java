package dev.convnet.engine.fit;

import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import java.util.Arrays;

/** Test data: fixed NCHW examples served in order, in batches. */
final class InMemoryEpochData implements EpochData {

    private final float[][] features;
    private final float[][] labels;
    private final int batchSize;

    InMemoryEpochData(float[][] features, float[][] labels, int batchSize) {
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
    }

    @Override
    public int examples() {
        return features.length;
    }

    @Override
    public BatchStream epoch(int epoch) {
        return new BatchStream() {
            int next = 0;

            @Override
            public boolean hasNext() {
                return next < features.length;
            }

            @Override
            public Batch next() {
                int size = Math.min(batchSize, features.length - next);
                int featureSize = features[0].length;
                int classes = labels[0].length;
                float[] x = new float[size * featureSize];
                float[] y = new float[size * classes];
                for (int i = 0; i < size; i++) {
                    System.arraycopy(features[next + i], 0, x, i * featureSize, featureSize);
                    System.arraycopy(labels[next + i], 0, y, i * classes, classes);
                }
                next += size;
                return new Batch(x, y, size);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Two classes on 1x8x8 images: a bright left half, or a bright right half, with noise. */
    static InMemoryEpochData leftOrRight(int count, int batchSize, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] x = new float[count][64];
        float[][] y = new float[count][2];
        for (int i = 0; i < count; i++) {
            int cls = i % 2;
            for (int p = 0; p < 64; p++) {
                boolean bright = (p % 8 < 4) == (cls == 0);
                x[i][p] = (bright ? 0.8f : 0.2f) + (float) (random.nextGaussian() * 0.1);
            }
            Arrays.fill(y[i], 0f);
            y[i][cls] = 1f;
        }
        return new InMemoryEpochData(x, y, batchSize);
    }
}
