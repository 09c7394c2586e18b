package dev.convnet.image;

import java.util.Objects;

/**
 * What a model expects as one input image, from its stored metadata: size, channels (1 = grey, 3 = RGB),
 * the default resize and inversion, and the factor training multiplied raw 0..255 values by (1/255 for
 * inputs in [0, 1]).
 */
public record InputSpec(int height, int width, int channels, ResizeMode defaultResize, InvertMode defaultInvert,
                        double scale) {

    public InputSpec {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input height and width must be at least 1, were " + height + "x"
                    + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("input channels must be 1 (grey) or 3 (RGB), was " + channels);
        }
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input " + height + "x" + width + "x" + channels + " is too large");
        }
        Objects.requireNonNull(defaultResize, "defaultResize");
        Objects.requireNonNull(defaultInvert, "defaultInvert");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("input scale must be a finite number > 0, was " + scale);
        }
    }

    /** A spec that never inverts by default. */
    public InputSpec(int height, int width, int channels, ResizeMode defaultResize, double scale) {
        this(height, width, channels, defaultResize, InvertMode.NEVER, scale);
    }

    /** Floats in one preprocessed image: height x width x channels. */
    public int size() {
        return height * width * channels;
    }
}
