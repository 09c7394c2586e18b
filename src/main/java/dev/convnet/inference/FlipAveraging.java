package dev.convnet.inference;

import dev.convnet.common.Tensor;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Test-time augmentation by flipping: the model sees each NHWC input and its horizontal mirror, and answers the
 * mean of the two outputs. A spatial (NHWC) output of the mirror is mirrored back first, so its pixels line up.
 */
final class FlipAveraging {

    private FlipAveraging() {
    }

    /** Both batches go to the work-load manager at once, so they may share a forward pass with other requests. */
    static Tensor predict(InferenceManager manager, UUID modelId, Tensor inputs) {
        CompletableFuture<Tensor> original = manager.submit(modelId, inputs);
        CompletableFuture<Tensor> mirrored = manager.submit(modelId, mirror(inputs));
        Tensor plain = manager.await(original);
        Tensor flipped = manager.await(mirrored);
        if (flipped.rank() == 4) {
            flipped = mirror(flipped);
        }
        float[] mean = new float[plain.data().length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (plain.data()[i] + flipped.data()[i]) / 2;
        }
        return new Tensor(plain.shape(), mean);
    }

    /** Reverses the width axis of an NHWC tensor. */
    static Tensor mirror(Tensor nhwc) {
        int[] shape = nhwc.shape();
        if (shape.length != 4) {
            throw new IllegalArgumentException("mirroring needs an NHWC tensor, got shape " + java.util.Arrays.toString(shape));
        }
        int width = shape[2];
        int channels = shape[3];
        int rows = shape[0] * shape[1];
        float[] source = nhwc.data();
        float[] target = new float[source.length];
        for (int row = 0; row < rows; row++) {
            int rowStart = row * width * channels;
            for (int x = 0; x < width; x++) {
                System.arraycopy(source, rowStart + x * channels, target, rowStart + (width - 1 - x) * channels, channels);
            }
        }
        return new Tensor(shape.clone(), target);
    }
}
