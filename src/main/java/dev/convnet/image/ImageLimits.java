package dev.convnet.image;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What an uploaded image may be before any pixel is decoded.
 *
 * @param maxPixels      width x height above which an image is refused (decompression bombs); the decoded
 *                       raster costs about 4 bytes per pixel
 * @param maxBytes       encoded size above which an upload is refused
 * @param minSide        shortest side accepted, in pixels
 * @param maxAspectRatio longest side / shortest side accepted
 */
@ConfigurationProperties("convnet.images")
public record ImageLimits(
        @DefaultValue(DEFAULT_MAX_PIXELS) long maxPixels,
        @DefaultValue(DEFAULT_MAX_BYTES) DataSize maxBytes,
        @DefaultValue(DEFAULT_MIN_SIDE) int minSide,
        @DefaultValue(DEFAULT_MAX_ASPECT_RATIO) double maxAspectRatio) {

    // 24 MP: a 6000x4000 camera photo, about 96 MB once decoded.
    static final String DEFAULT_MAX_PIXELS = "24000000";
    static final String DEFAULT_MAX_BYTES = "16MB";
    static final String DEFAULT_MIN_SIDE = "8";
    static final String DEFAULT_MAX_ASPECT_RATIO = "20";

    /** Byte arrays cannot be longer than this in practice. */
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

    public ImageLimits {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("convnet.images.max-pixels must be at least 1, was " + maxPixels);
        }
        if (maxBytes == null || maxBytes.toBytes() < 1 || maxBytes.toBytes() > LARGEST_ARRAY) {
            throw new IllegalArgumentException("convnet.images.max-bytes must be between 1B and "
                    + LARGEST_ARRAY + "B, was " + maxBytes);
        }
        if (minSide < 1) {
            throw new IllegalArgumentException("convnet.images.min-side must be at least 1, was " + minSide);
        }
        if (!(maxAspectRatio >= 1) || Double.isInfinite(maxAspectRatio)) {
            throw new IllegalArgumentException(
                    "convnet.images.max-aspect-ratio must be a finite number >= 1, was " + maxAspectRatio);
        }
    }

    /** The limits used when nothing is configured. */
    public static ImageLimits defaults() {
        return new ImageLimits(Long.parseLong(DEFAULT_MAX_PIXELS), DataSize.parse(DEFAULT_MAX_BYTES),
                Integer.parseInt(DEFAULT_MIN_SIDE), Double.parseDouble(DEFAULT_MAX_ASPECT_RATIO));
    }
}
