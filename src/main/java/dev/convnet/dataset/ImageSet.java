package dev.convnet.dataset;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images kept compact: one unsigned byte per pixel and channel, converted to floats only per batch, so
 * CIFAR-sized data costs megabytes, not gigabytes.
 *
 * @param pixels NHWC, channels interleaved: image {@code i}, row {@code y}, column {@code x}, channel
 *               {@code c} is at {@code ((i * height + y) * width + x) * channels + c}
 * @param labels class index per image, {@code 0 <= label < classNames.size()}
 */
public record ImageSet(int count, int height, int width, int channels, byte[] pixels, int[] labels,
                       List<String> classNames) {

    public ImageSet {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        new ImageShape(height, width, channels);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("an image set needs at least one class name");
        }
        long expectedPixels = (long) count * height * width * channels;
        if (pixels.length != expectedPixels) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected " + expectedPixels
                    + " for " + count + " images of " + height + "x" + width + "x" + channels);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + count);
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                        + " is outside 0.." + (classNames.size() - 1));
            }
        }
    }

    public ImageShape shape() {
        return new ImageShape(height, width, channels);
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Bytes (and floats) per image. */
    public int imageSize() {
        return height * width * channels;
    }

    public int label(int index) {
        return labels[index];
    }

    /** A copy holding only the images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices) {
        int imageSize = imageSize();
        byte[] subsetPixels = new byte[indices.length * imageSize];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = checkIndex(indices[i]);
            System.arraycopy(pixels, index * imageSize, subsetPixels, i * imageSize, imageSize);
            subsetLabels[i] = labels[index];
        }
        return new ImageSet(indices.length, height, width, channels, subsetPixels, subsetLabels, classNames);
    }

    private int checkIndex(int index) {
        return Objects.checkIndex(index, count);
    }

    // Records compare arrays by reference; two image sets are equal when their contents are.
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageSet that
                && count == that.count && height == that.height && width == that.width && channels == that.channels
                && Arrays.equals(labels, that.labels) && classNames.equals(that.classNames)
                && Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, height, width, channels, Arrays.hashCode(labels), classNames);
    }

    @Override
    public String toString() {
        return "ImageSet[" + count + " images of " + shape() + ", " + numClasses() + " classes]";
    }
}
