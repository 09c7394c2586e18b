package dev.convnet.dataset.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Keras {@code ImageDataGenerator}'s random geometric augmentation for compact byte images: reads one
 * NHWC unsigned-byte image and writes it transformed, scaled to 0..1, as NCHW floats (DL4J's layout).
 *
 * <p>Written by hand rather than through a library: the JDK's AffineTransformOp works on BufferedImages
 * (an extra copy per image, no reflect/wrap fill, no NCHW output), and reproducing Keras's sampling and
 * scipy's coordinate convention exactly is the point.
 *
 * <p>Coordinate convention (scipy.ndimage, which Keras uses): pixel centres sit at integer coordinates,
 * output pixel (x, y) reads the input at {@code A (x, y) + b}, no half-pixel offset; bilinear (order 1).
 * The matrix is Keras 2.2.5+/Keras 3's {@code apply_affine_transform} in (x = column, y = row) order:
 * {@code rotation . shift . shear . zoom}, conjugated by a move to the image centre. Two deliberate
 * departures from Keras's channels_last code, both invisible for square images with equal shift ranges
 * (the lesson's CIFAR-10 setting): Keras's x/y swap makes {@code height_shift_range} move columns and
 * {@code width_shift_range} move rows (keras-team/keras#17398, tf-keras#310); here width shifts columns as
 * documented. And Keras centres on (h/2 - 0.5, w/2 - 0.5) in (x, y) order, i.e. with h and w exchanged for
 * non-square images; here the centre is the true ((w - 1) / 2, (h - 1) / 2).
 *
 * <p>Thread-safety: immutable; each call only touches the arrays and generator it is given.
 */
public final class ImageAugmenter {

    /** Byte value to float in 0..1, as Keras's {@code x.astype('float32') / 255} computes it. */
    private static final float[] SCALED = new float[256];

    static {
        for (int value = 0; value < 256; value++) {
            SCALED[value] = value / 255f;
        }
    }

    private final AugmentationSettings settings;
    private final int height;
    private final int width;
    private final int channels;
    private final float scaledCval;

    public ImageAugmenter(AugmentationSettings settings, int height, int width, int channels) {
        this.settings = Objects.requireNonNull(settings, "settings");
        requirePositive("height", height);
        requirePositive("width", width);
        requirePositive("channels", channels);
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("height*width*channels must fit in an int, got "
                    + height + "x" + width + "x" + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.scaledCval = (float) (settings.cval() / 255.0);
    }

    public AugmentationSettings settings() {
        return settings;
    }

    /** Values per image (height * width * channels), the stride in both the byte and the float arrays. */
    public int imageSize() {
        return height * width * channels;
    }

    /**
     * Draws one image's transform in Keras's order: theta, tx, ty, shear, (zx, zy), then one draw each
     * for the horizontal and vertical flip, which Keras makes even when flipping is off.
     */
    public TransformParameters randomTransform(RandomGenerator random) {
        double theta = settings.rotationRange() != 0 ? uniform(random, settings.rotationRange()) : 0;
        double tx = 0;
        if (settings.heightShiftRange() != 0) {
            tx = uniform(random, settings.heightShiftRange());
            tx = settings.heightShiftRange() < 1 ? tx * height : tx;
        }
        double ty = 0;
        if (settings.widthShiftRange() != 0) {
            ty = uniform(random, settings.widthShiftRange());
            ty = settings.widthShiftRange() < 1 ? ty * width : ty;
        }
        double shear = settings.shearRange() != 0 ? uniform(random, settings.shearRange()) : 0;
        double zx = 1;
        double zy = 1;
        if (settings.zoomRangeLow() != 1 || settings.zoomRangeHigh() != 1) {
            double span = settings.zoomRangeHigh() - settings.zoomRangeLow();
            zx = settings.zoomRangeLow() + span * random.nextDouble();
            zy = settings.zoomRangeLow() + span * random.nextDouble();
        }
        boolean flipHorizontal = random.nextDouble() < 0.5 && settings.horizontalFlip();
        boolean flipVertical = random.nextDouble() < 0.5 && settings.verticalFlip();
        return new TransformParameters(theta, tx, ty, shear, zx, zy, flipHorizontal, flipVertical);
    }

    /** Augments image {@code imageIndex} of an NHWC byte array into {@code target} (NCHW) at {@code targetOffset}. */
    public void augment(byte[] pixels, int imageIndex, RandomGenerator random, float[] target, int targetOffset) {
        TransformParameters transform = settings.isGeometricIdentity() ? TransformParameters.IDENTITY : randomTransform(random);
        apply(transform, pixels, Math.multiplyExact(imageIndex, imageSize()), target, targetOffset);
    }

    /** Applies a given transform to the image starting at {@code sourceOffset}. */
    public void apply(TransformParameters transform, byte[] pixels, int sourceOffset, float[] target,
            int targetOffset) {
        Objects.checkFromIndexSize(sourceOffset, imageSize(), pixels.length);
        Objects.checkFromIndexSize(targetOffset, imageSize(), target.length);
        if (!transform.hasAffinePart()) {
            copyFlipped(pixels, sourceOffset, height, width, channels, target, targetOffset,
                    transform.flipHorizontal(), transform.flipVertical());
            return;
        }
        resample(InverseMap.of(transform, height, width), pixels, sourceOffset, target, targetOffset,
                transform.flipHorizontal(), transform.flipVertical());
    }

    private static void copyFlipped(byte[] pixels, int sourceOffset, int height, int width, int channels,
            float[] target, int targetOffset, boolean flipHorizontal, boolean flipVertical) {
        int plane = height * width;
        int source = sourceOffset;
        for (int y = 0; y < height; y++) {
            int outRow = targetOffset + (flipVertical ? height - 1 - y : y) * width;
            for (int x = 0; x < width; x++) {
                int out = outRow + (flipHorizontal ? width - 1 - x : x);
                for (int c = 0; c < channels; c++) {
                    target[out + c * plane] = SCALED[pixels[source++] & 0xFF];
                }
            }
        }
    }

    private void resample(InverseMap map, byte[] pixels, int sourceOffset, float[] target, int targetOffset,
            boolean flipHorizontal, boolean flipVertical) {
        int plane = height * width;
        int rowStride = width * channels;
        FillMode fill = settings.fillMode();
        for (int y = 0; y < height; y++) {
            int outRow = targetOffset + (flipVertical ? height - 1 - y : y) * width;
            double rowX = map.xy * y + map.xOffset;
            double rowY = map.yy * y + map.yOffset;
            for (int x = 0; x < width; x++) {
                int out = outRow + (flipHorizontal ? width - 1 - x : x);
                double sourceX = map.xx * x + rowX;
                double sourceY = map.yx * x + rowY;
                double floorX = Math.floor(sourceX);
                double floorY = Math.floor(sourceY);
                float weightX = (float) (sourceX - floorX);
                float weightY = (float) (sourceY - floorY);
                int x0 = (int) floorX;
                int y0 = (int) floorY;
                if (x0 >= 0 && y0 >= 0 && x0 < width - 1 && y0 < height - 1) {
                    int p00 = sourceOffset + y0 * rowStride + x0 * channels;
                    int p10 = p00 + rowStride;
                    for (int c = 0; c < channels; c++) {
                        target[out + c * plane] = bilinear(weightX, weightY,
                                SCALED[pixels[p00 + c] & 0xFF], SCALED[pixels[p00 + channels + c] & 0xFF],
                                SCALED[pixels[p10 + c] & 0xFF], SCALED[pixels[p10 + channels + c] & 0xFF]);
                    }
                } else {
                    // Near or beyond the border: each of the four neighbours goes through the fill rule.
                    int sx0 = fill.sourceIndex(x0, width);
                    int sx1 = fill.sourceIndex(x0 + 1, width);
                    int sy0 = fill.sourceIndex(y0, height);
                    int sy1 = fill.sourceIndex(y0 + 1, height);
                    for (int c = 0; c < channels; c++) {
                        target[out + c * plane] = bilinear(weightX, weightY,
                                sample(pixels, sourceOffset, sy0, sx0, c), sample(pixels, sourceOffset, sy0, sx1, c),
                                sample(pixels, sourceOffset, sy1, sx0, c), sample(pixels, sourceOffset, sy1, sx1, c));
                    }
                }
            }
        }
    }

    private float sample(byte[] pixels, int sourceOffset, int row, int column, int channel) {
        if (row == FillMode.OUTSIDE || column == FillMode.OUTSIDE) {
            return scaledCval;
        }
        return SCALED[pixels[sourceOffset + (row * width + column) * channels + channel] & 0xFF];
    }

    /** Zero weights give the corner value exactly, so integer shifts copy pixels bit for bit. */
    private static float bilinear(float weightX, float weightY, float topLeft, float topRight, float bottomLeft,
            float bottomRight) {
        float top = (1 - weightX) * topLeft + weightX * topRight;
        float bottom = (1 - weightX) * bottomLeft + weightX * bottomRight;
        return (1 - weightY) * top + weightY * bottom;
    }

    /** numpy's {@code uniform(-range, range)}. */
    private static double uniform(RandomGenerator random, double range) {
        return -range + 2 * range * random.nextDouble();
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    /** Output (x, y) to input coordinates: {@code (xx*x + xy*y + xOffset, yx*x + yy*y + yOffset)}. */
    record InverseMap(double xx, double xy, double xOffset, double yx, double yy, double yOffset) {

        static InverseMap of(TransformParameters t, int height, int width) {
            double theta = Math.toRadians(t.theta());
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double shear = Math.toRadians(t.shear());
            double shearSin = Math.sin(shear);
            double shearCos = Math.cos(shear);
            // M = rotation . shift . shear . zoom, each [[a, b, c], [d, e, f]] with (x, y) = (column, row).
            // rotation . shift: [[cos, -sin, cos*tcol - sin*trow], [sin, cos, sin*tcol + cos*trow]]
            double shiftColumns = t.ty();
            double shiftRows = t.tx();
            double m02 = cos * shiftColumns - sin * shiftRows;
            double m12 = sin * shiftColumns + cos * shiftRows;
            // . shear [[1, -sin s], [0, cos s]]
            double a00 = cos;
            double a01 = -cos * shearSin - sin * shearCos;
            double a10 = sin;
            double a11 = -sin * shearSin + cos * shearCos;
            // . zoom diag(zx, zy)
            double m00 = a00 * t.zx();
            double m01 = a01 * t.zy();
            double m10 = a10 * t.zx();
            double m11 = a11 * t.zy();
            // Conjugate by the move to the centre: offset = m.2 + centre - M2x2 . centre, summed in this
            // order so a pure shift keeps an exact integer offset.
            double centreX = (width - 1) / 2.0;
            double centreY = (height - 1) / 2.0;
            double xOffset = m02 + (centreX - (m00 * centreX + m01 * centreY));
            double yOffset = m12 + (centreY - (m10 * centreX + m11 * centreY));
            return new InverseMap(m00, m01, xOffset, m10, m11, yOffset);
        }
    }
}
