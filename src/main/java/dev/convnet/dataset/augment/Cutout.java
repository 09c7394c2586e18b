package dev.convnet.dataset.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Cutout (DeVries and Taylor, 2017): with probability {@code probability}, a {@code size x size} square whose centre
 * is uniform over the image is blanked in every channel; near the border the square is clipped, as in the paper's
 * code, so the model sees partially hidden objects too.
 *
 * <p>{@link Fill#ZERO} blanks with 0 (black, the paper's choice on images scaled to 0..1); {@link Fill#MEAN} with
 * the image's own per-channel mean, which keeps its brightness.
 */
public record Cutout(int size, double probability, Fill fill) {

    public enum Fill { ZERO, MEAN }

    public Cutout {
        if (size < 1) {
            throw new IllegalArgumentException("cutoutSize must be >= 1, got " + size);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("cutoutProbability must be in [0, 1], got " + probability);
        }
        Objects.requireNonNull(fill, "fill");
    }

    /**
     * Blanks the square in the NCHW float image at {@code offset}, in place. Draws, in order: one number for the
     * probability, then the centre's row and column.
     */
    void apply(float[] image, int offset, int height, int width, int channels, RandomGenerator random) {
        if (random.nextDouble() >= probability) {
            return;
        }
        int centreY = random.nextInt(height);
        int centreX = random.nextInt(width);
        int top = Math.max(0, centreY - size / 2);
        int bottom = Math.min(height, centreY - size / 2 + size);
        int left = Math.max(0, centreX - size / 2);
        int right = Math.min(width, centreX - size / 2 + size);
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int channelOffset = offset + c * plane;
            float value = fill == Fill.ZERO ? 0f : mean(image, channelOffset, plane);
            for (int y = top; y < bottom; y++) {
                int row = channelOffset + y * width;
                java.util.Arrays.fill(image, row + left, row + right, value);
            }
        }
    }

    private static float mean(float[] image, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += image[i];
        }
        return (float) (sum / length);
    }
}
