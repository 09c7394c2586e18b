package dev.convnet.dataset.augment;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Compact images (NHWC unsigned bytes, image i at {@code i * height * width * channels}) with integer
 * labels, delivered as NCHW floats divided by 255 and one-hot labels, augmented when the settings ask for it
 * (Keras's transform and flips, then the random crop and the cutout).
 */
public final class ByteImageSource implements ImageSource {

    private final byte[] pixels;
    private final int[] labels;
    private final int classCount;
    private final ImageAugmenter augmenter;
    private final CropAndCutout cropAndCutout;

    public ByteImageSource(byte[] pixels, int[] labels, int height, int width, int channels, int classCount,
            AugmentationSettings augmentation) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        this.augmenter = new ImageAugmenter(augmentation, height, width, channels);
        this.cropAndCutout = new CropAndCutout(augmentation, height, width, channels);
        if (classCount <= 0) {
            throw new IllegalArgumentException("classCount must be > 0, got " + classCount);
        }
        long expectedPixels = (long) labels.length * augmenter.imageSize();
        if (pixels.length != expectedPixels) {
            throw new IllegalArgumentException("pixels must hold " + labels.length + " images of " + height + "x"
                    + width + "x" + channels + " = " + expectedPixels + " bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("labels[" + i + "] must be in 0.." + (classCount - 1)
                        + ", got " + labels[i]);
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.classCount = classCount;
    }

    public int count() {
        return labels.length;
    }

    @Override
    public int featuresPerExample() {
        return augmenter.imageSize();
    }

    @Override
    public int labelsPerExample() {
        return classCount;
    }

    @Override
    public void fill(int[] indices, int size, float[] features, float[] oneHot, RandomGenerator random) {
        int imageSize = augmenter.imageSize();
        for (int k = 0; k < size; k++) {
            int index = indices[k];
            augmenter.augment(pixels, index, random, features, k * imageSize);
            cropAndCutout.apply(features, k * imageSize, random);
            int labelOffset = k * classCount;
            Arrays.fill(oneHot, labelOffset, labelOffset + classCount, 0f);
            oneHot[labelOffset + labels[index]] = 1f;
        }
    }
}
