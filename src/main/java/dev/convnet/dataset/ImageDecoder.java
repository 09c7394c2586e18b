package dev.convnet.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Decodes PNG/JPEG bytes into HWC bytes with ImageIO, checking the dimensions from the header first. */
final class ImageDecoder {

    private static final Set<String> ACCEPTED_FORMATS = Set.of("png", "jpeg");

    /** Called with the header's dimensions before any pixel is decoded; throws to refuse the image. */
    @FunctionalInterface
    interface DimensionCheck {
        void check(int width, int height);
    }

    /** Decoded pixels, HWC; one channel for a greyscale source, else three (alpha dropped). */
    record DecodedImage(int height, int width, int channels, byte[] pixels) {
    }

    private ImageDecoder() {
    }

    static DecodedImage decode(byte[] encoded, String entry, DimensionCheck check) {
        // A memory cache, not ImageIO.createImageInputStream: that may spill the upload into temp files.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw notAnImage(entry, "is not a PNG or JPEG image", null);
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!ACCEPTED_FORMATS.contains(format)) {
                    throw notAnImage(entry, "is a " + format + " image; only PNG and JPEG are accepted", null);
                }
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                check.check(width, height);
                return toBytes(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetUploadRejectedException rejected) {
                throw rejected;
            }
            // Decoders signal malformed data with IIOException but also with assorted runtime exceptions.
            throw notAnImage(entry, "cannot be decoded as an image (" + e.getMessage() + ")", e);
        }
    }

    private static InvalidDatasetUploadException notAnImage(String entry, String reason, Throwable cause) {
        return new InvalidDatasetUploadException("file", entry, reason, cause);
    }

    private static DecodedImage toBytes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (image.getColorModel().getNumColorComponents() == 1) {
            // Read the grey samples directly: getRGB() would convert linear grey to sRGB and change the values.
            Raster raster = image.getRaster();
            int maxSample = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            byte[] pixels = new byte[width * height];
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    pixels[y * width + x] = (byte) (maxSample == 255 ? row[x] : Math.round(row[x] * 255.0 / maxSample));
                }
            }
            return new DecodedImage(height, width, 1, pixels);
        }
        byte[] pixels = new byte[width * height * 3];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int out = (y * width + x) * 3;
                pixels[out] = (byte) (row[x] >> 16);
                pixels[out + 1] = (byte) (row[x] >> 8);
                pixels[out + 2] = (byte) row[x];
            }
        }
        return new DecodedImage(height, width, 3, pixels);
    }

    /**
     * Bilinear resampling with pixel centres aligned (as PIL and OpenCV do). Done on the bytes rather than with
     * Graphics2D, which converts greyscale images through sRGB and so alters their values.
     */
    static DecodedImage resize(DecodedImage image, int targetHeight, int targetWidth) {
        if (image.height() == targetHeight && image.width() == targetWidth) {
            return image;
        }
        int channels = image.channels();
        byte[] source = image.pixels();
        byte[] out = new byte[targetHeight * targetWidth * channels];
        double scaleY = (double) image.height() / targetHeight;
        double scaleX = (double) image.width() / targetWidth;
        for (int y = 0; y < targetHeight; y++) {
            double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
            int y0 = Math.min((int) sy, image.height() - 1);
            int y1 = Math.min(y0 + 1, image.height() - 1);
            double wy = sy - y0;
            for (int x = 0; x < targetWidth; x++) {
                double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
                int x0 = Math.min((int) sx, image.width() - 1);
                int x1 = Math.min(x0 + 1, image.width() - 1);
                double wx = sx - x0;
                for (int c = 0; c < channels; c++) {
                    double top = sample(source, image, y0, x0, c) * (1 - wx) + sample(source, image, y0, x1, c) * wx;
                    double bottom = sample(source, image, y1, x0, c) * (1 - wx) + sample(source, image, y1, x1, c) * wx;
                    out[(y * targetWidth + x) * channels + c] = (byte) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return new DecodedImage(targetHeight, targetWidth, channels, out);
    }

    private static int sample(byte[] pixels, DecodedImage image, int y, int x, int c) {
        return pixels[(y * image.width() + x) * image.channels() + c] & 0xFF;
    }

    /** Converts to the wanted channel count: grey to RGB by replication, RGB to grey by ITU-R 601 luma. */
    static byte[] toChannels(DecodedImage image, int channels) {
        if (image.channels() == channels) {
            return image.pixels();
        }
        int pixelCount = image.height() * image.width();
        byte[] out = new byte[pixelCount * channels];
        byte[] in = image.pixels();
        for (int p = 0; p < pixelCount; p++) {
            if (channels == 3) {
                out[p * 3] = in[p];
                out[p * 3 + 1] = in[p];
                out[p * 3 + 2] = in[p];
            } else {
                int r = in[p * 3] & 0xFF;
                int g = in[p * 3 + 1] & 0xFF;
                int b = in[p * 3 + 2] & 0xFF;
                out[p] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
            }
        }
        return out;
    }
}
