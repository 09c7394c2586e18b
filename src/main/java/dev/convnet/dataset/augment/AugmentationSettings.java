package dev.convnet.dataset.augment;

import java.util.Objects;

/**
 * The geometric part of Keras's {@code ImageDataGenerator}: what {@link ImageAugmenter} samples from.
 *
 * <p>Units as in Keras 2.x: {@code rotationRange} and {@code shearRange} in degrees; a shift range
 * below 1 is a fraction of the image size, 1 or more is a number of pixels (sampled uniformly from
 * {@code (-range, range)}, Keras's float-argument rule); zoom factors are Keras's (a factor above 1 samples a
 * larger area, so the content shrinks). {@code cval} is in pixel units 0..255 because images are bytes here;
 * Keras applies it to whatever scale its arrays have (the lesson's 0..1 floats), and cval=0 is black in both.
 *
 * <p>Beyond Keras's generator, two augmentations of the usual CIFAR recipes, applied after its transform and
 * flips: {@code crop} (random crop with padding) and then {@code cutout}; each is null when off.
 */
public record AugmentationSettings(
        double rotationRange,
        double widthShiftRange,
        double heightShiftRange,
        double shearRange,
        double zoomRangeLow,
        double zoomRangeHigh,
        boolean horizontalFlip,
        boolean verticalFlip,
        FillMode fillMode,
        double cval,
        RandomCrop crop,
        Cutout cutout) {

    /** Keras's generator alone: no crop, no cutout. */
    public AugmentationSettings(double rotationRange, double widthShiftRange, double heightShiftRange,
            double shearRange, double zoomRangeLow, double zoomRangeHigh, boolean horizontalFlip, boolean verticalFlip,
            FillMode fillMode, double cval) {
        this(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomRangeLow, zoomRangeHigh, horizontalFlip,
                verticalFlip, fillMode, cval, null, null);
    }

    /** No augmentation at all: images pass through as pixel / 255. */
    public static final AugmentationSettings NONE =
            new AugmentationSettings(0, 0, 0, 0, 1, 1, false, false, FillMode.NEAREST, 0);

    /** The lesson's CIFAR-10 generator: shifts of 10% both ways, horizontal flips, nearest fill. */
    public static final AugmentationSettings LESSON_CIFAR10 =
            keras(0, 0.1, 0.1, 0, 0, true, false, FillMode.NEAREST, 0);

    public AugmentationSettings {
        requireRange("rotationRange", rotationRange);
        requireRange("widthShiftRange", widthShiftRange);
        requireRange("heightShiftRange", heightShiftRange);
        requireRange("shearRange", shearRange);
        if (!Double.isFinite(zoomRangeLow) || zoomRangeLow <= 0) {
            throw new IllegalArgumentException("zoomRangeLow must be a finite number > 0, got " + zoomRangeLow);
        }
        if (!Double.isFinite(zoomRangeHigh) || zoomRangeHigh < zoomRangeLow) {
            throw new IllegalArgumentException("zoomRangeHigh must be a finite number >= zoomRangeLow ("
                    + zoomRangeLow + "), got " + zoomRangeHigh);
        }
        Objects.requireNonNull(fillMode, "fillMode");
        if (!(cval >= 0 && cval <= 255)) {
            throw new IllegalArgumentException("cval must be a pixel value between 0 and 255, got " + cval);
        }
    }

    /**
     * Keras's argument rules with a single float {@code zoom_range}: z becomes {@code [1 - z, 1 + z]}.
     * z must be in {@code [0, 1)}, since a zoom factor of 0 or less is not an image.
     */
    public static AugmentationSettings keras(double rotationRange, double widthShiftRange, double heightShiftRange,
            double shearRange, double zoomRange, boolean horizontalFlip, boolean verticalFlip,
            FillMode fillMode, double cval) {
        if (!Double.isFinite(zoomRange) || zoomRange < 0 || zoomRange >= 1) {
            throw new IllegalArgumentException("zoomRange must be >= 0 and < 1 (zoom factors 1 - z .. 1 + z), got "
                    + zoomRange);
        }
        return new AugmentationSettings(rotationRange, widthShiftRange, heightShiftRange, shearRange,
                1 - zoomRange, 1 + zoomRange, horizontalFlip, verticalFlip, fillMode, cval);
    }

    /** Keras's argument rules with a {@code [lower, upper]} {@code zoom_range}, taken as given. */
    public static AugmentationSettings keras(double rotationRange, double widthShiftRange, double heightShiftRange,
            double shearRange, double zoomLower, double zoomUpper, boolean horizontalFlip, boolean verticalFlip,
            FillMode fillMode, double cval) {
        return new AugmentationSettings(rotationRange, widthShiftRange, heightShiftRange, shearRange,
                zoomLower, zoomUpper, horizontalFlip, verticalFlip, fillMode, cval);
    }

    /** The same settings with a random crop and cutout (either may be null). */
    public AugmentationSettings withCropAndCutout(RandomCrop randomCrop, Cutout randomCutout) {
        return new AugmentationSettings(rotationRange, widthShiftRange, heightShiftRange, shearRange, zoomRangeLow,
                zoomRangeHigh, horizontalFlip, verticalFlip, fillMode, cval, randomCrop, randomCutout);
    }

    /** True when nothing is random: images are copied as pixel / 255. */
    public boolean isIdentity() {
        return isGeometricIdentity() && crop == null && cutout == null;
    }

    /** True when every sampled Keras transform is the identity, so images can be copied without resampling. */
    public boolean isGeometricIdentity() {
        return rotationRange == 0 && widthShiftRange == 0 && heightShiftRange == 0 && shearRange == 0
                && zoomRangeLow == 1 && zoomRangeHigh == 1 && !horizontalFlip && !verticalFlip;
    }

    private static void requireRange(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + value);
        }
    }
}
