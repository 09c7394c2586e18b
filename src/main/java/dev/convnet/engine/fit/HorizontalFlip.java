package dev.convnet.engine.fit;

import dev.convnet.definition.InputShape;
import dev.convnet.engine.Batch;

/** The horizontal mirror of a minibatch's NCHW images, for test-time augmentation by flipping. */
final class HorizontalFlip {

    private HorizontalFlip() {
    }

    static Batch of(Batch batch, InputShape shape) {
        int width = shape.width();
        int rows = batch.size() * shape.channels() * shape.height();
        float[] source = batch.features();
        float[] mirrored = new float[rows * width];
        for (int row = 0; row < rows; row++) {
            int start = row * width;
            for (int x = 0; x < width; x++) {
                mirrored[start + width - 1 - x] = source[start + x];
            }
        }
        return new Batch(mirrored, batch.labels(), batch.size());
    }
}
