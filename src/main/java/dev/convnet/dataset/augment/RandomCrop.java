package dev.convnet.dataset.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Random crop with padding, the CIFAR recipe (torchvision's {@code RandomCrop(size, padding=P)}): the image is
 * padded by {@code padding} pixels on every side and an image-sized window is cut at a uniformly random
 * position, so the content moves by -P..P pixels in each direction, each offset equally likely.
 *
 * <p>{@link Padding#ZERO} pads with black (0); {@link Padding#REFLECT} mirrors without repeating the edge pixel
 * ({@code c b | a b c d | c b}), as numpy's {@code pad(mode="reflect")}, TensorFlow's {@code REFLECT} and
 * torchvision's {@code reflect} do; it needs {@code padding < height} and {@code padding < width}.
 */
public record RandomCrop(int padding, Padding mode) {

    public enum Padding { ZERO, REFLECT }

    public RandomCrop {
        if (padding < 1) {
            throw new IllegalArgumentException("cropPadding must be >= 1, got " + padding);
        }
        Objects.requireNonNull(mode, "mode");
    }

    /** Checks that this crop fits images of {@code height x width}; reflect padding must be smaller than both. */
    public void requireFits(int height, int width) {
        if (mode == Padding.REFLECT && (padding >= height || padding >= width)) {
            throw new IllegalArgumentException("cropPadding " + padding + " with reflect padding must be smaller than"
                    + " the image's height and width (" + height + "x" + width + ")");
        }
    }

    /**
     * Crops the NCHW float image at {@code offset} in place: draws the window's column offset, then its row offset,
     * each uniform in {@code [0, 2 * padding]}; {@code scratch} holds a copy and needs one image's length.
     */
    void apply(float[] image, int offset, int height, int width, int channels, float[] scratch, RandomGenerator random) {
        int dx = random.nextInt(2 * padding + 1) - padding;
        int dy = random.nextInt(2 * padding + 1) - padding;
        if (dx == 0 && dy == 0) {
            return;
        }
        int plane = height * width;
        System.arraycopy(image, offset, scratch, 0, plane * channels);
        for (int y = 0; y < height; y++) {
            int sourceY = source(y + dy, height);
            for (int x = 0; x < width; x++) {
                int sourceX = source(x + dx, width);
                boolean outside = sourceY < 0 || sourceX < 0;
                for (int c = 0; c < channels; c++) {
                    image[offset + c * plane + y * width + x] = outside ? 0f : scratch[c * plane + sourceY * width + sourceX];
                }
            }
        }
    }

    /** The source index of padded index {@code index}, or -1 for a zero pixel. */
    private int source(int index, int size) {
        if (index >= 0 && index < size) {
            return index;
        }
        if (mode == Padding.ZERO) {
            return -1;
        }
        return index < 0 ? -index : 2 * (size - 1) - index;
    }
}
