package dev.convnet.dataset;

import dev.convnet.image.DecodedImage;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.ImageLimits;
import dev.convnet.image.ImagePreprocessor;
import dev.convnet.image.InvalidImageException;
import dev.convnet.image.ResizeMode;
import org.springframework.util.unit.DataSize;

/**
 * Turns one image file of an upload into the bytes a dataset stores, with the decoder and preprocessor that
 * serve predictions: same formats, header and truncation checks, Exif orientation, alpha composited on white,
 * resampling and rounding, so a model sees the same numbers for a picture in training and in a request.
 */
final class UploadedImageReader {

    /** How images are brought to the target size; recorded in the dataset's metadata. */
    static final ResizeMode RESIZE = ResizeMode.STRETCH;

    // Every readable image may join a dataset: size limits are the upload's own, checked in the header.
    private static final double ANY_ASPECT_RATIO = Double.MAX_VALUE;
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor = new ImagePreprocessor();
    private final long maxImagePixels;

    UploadedImageReader(DatasetSettings.Upload limits) {
        long maxBytes = Math.min(limits.maxEntrySize().toBytes(), LARGEST_ARRAY);
        this.decoder = new ImageDecoder(new ImageLimits(Long.MAX_VALUE, DataSize.ofBytes(maxBytes), 1,
                ANY_ASPECT_RATIO));
        this.maxImagePixels = limits.maxImagePixels();
    }

    /** Called with an image's stored size once its header is read, before its pixels are decoded. */
    @FunctionalInterface
    interface SizeCheck {
        void check(int height, int width);
    }

    /** One stored image: height x width x channels bytes, channels interleaved. */
    record Pixels(int height, int width, int channels, byte[] bytes) {
    }

    /**
     * @param target   the stored size, or null to keep the image's own
     * @param mode     the channels wanted; {@code AUTO} keeps grey images grey and makes others RGB
     * @param onHeader called with the stored size after the pixel limit, before decoding
     */
    Pixels read(byte[] encoded, String entry, ImportOptions.TargetSize target, ImportOptions.ColorMode mode,
                SizeCheck onHeader) {
        DecodedImage image;
        try {
            image = decoder.decode(encoded, (width, height) -> {
                if ((long) width * height > maxImagePixels) {
                    throw new DatasetUploadTooLargeException(entry, "max-image-pixels", maxImagePixels,
                            "the image is " + width + "x" + height + " pixels");
                }
                // Orientation may swap the sides, which leaves the stored byte count the same.
                onHeader.check(target == null ? height : target.height(), target == null ? width : target.width());
            });
        } catch (InvalidImageException e) {
            if (e.reason().exceedsSizeLimit()) {
                throw new DatasetUploadTooLargeException(entry, "max-entry-size", decoder.maxBytes(), e.getMessage());
            }
            throw new InvalidDatasetUploadException("file", entry, "cannot be decoded: " + e.getMessage(), e);
        }
        int height = target == null ? image.height() : target.height();
        int width = target == null ? image.width() : target.width();
        int channels = switch (mode) {
            case GRAYSCALE -> 1;
            case RGB -> 3;
            case AUTO -> image.isGrey() ? 1 : 3;
        };
        return new Pixels(height, width, channels, preprocessor.pixels(image, height, width, channels, RESIZE));
    }

    /**
     * Grey pixels as RGB, each value three times: what {@link #read} gives for a grey image asked for in RGB, as
     * the preprocessor reads a grey source's red, green and blue alike.
     */
    static Pixels toRgb(Pixels grey) {
        if (grey.channels() == 3) {
            return grey;
        }
        byte[] in = grey.bytes();
        byte[] out = new byte[in.length * 3];
        for (int p = 0; p < in.length; p++) {
            out[p * 3] = in[p];
            out[p * 3 + 1] = in[p];
            out[p * 3 + 2] = in[p];
        }
        return new Pixels(grey.height(), grey.width(), 3, out);
    }
}
