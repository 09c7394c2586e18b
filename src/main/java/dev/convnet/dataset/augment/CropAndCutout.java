package dev.convnet.dataset.augment;

import java.util.random.RandomGenerator;

/**
 * The random crop and the cutout of an {@link AugmentationSettings}, applied to images already converted to NCHW
 * floats. Keeps one image of scratch space, so one instance serves one thread (a pipeline's producer).
 */
final class CropAndCutout {

    private final RandomCrop crop;
    private final Cutout cutout;
    private final int height;
    private final int width;
    private final int channels;
    private final float[] scratch;

    CropAndCutout(AugmentationSettings settings, int height, int width, int channels) {
        this.crop = settings.crop();
        this.cutout = settings.cutout();
        if (crop != null) {
            crop.requireFits(height, width);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.scratch = crop == null ? new float[0] : new float[height * width * channels];
    }

    /** Applies the crop, then the cutout, to the image at {@code offset}; draws nothing for what is off. */
    void apply(float[] features, int offset, RandomGenerator random) {
        if (crop != null) {
            crop.apply(features, offset, height, width, channels, scratch, random);
        }
        if (cutout != null) {
            cutout.apply(features, offset, height, width, channels, random);
        }
    }
}
