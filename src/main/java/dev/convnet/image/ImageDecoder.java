package dev.convnet.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.convnet.image.InvalidImageException.Reason;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.stereotype.Component;

/**
 * Turns uploaded bytes into a {@link DecodedImage}, or refuses them with an {@link InvalidImageException}.
 * Dimensions are read from the header and checked against {@link ImageLimits} before any pixel is decoded,
 * so a small file claiming a huge picture costs nothing. Thread-safe: every call uses its own reader.
 */
@Component
public class ImageDecoder {

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
        // ImageIO scans for plugins once, with whatever class loader is current then; in a Spring Boot
        // jar that may not see the TwelveMonkeys jars, so scan again with the application's.
        ImageIO.scanForPlugins();
    }

    /** The most encoded bytes an image may have. */
    public long maxBytes() {
        return limits.maxBytes().toBytes();
    }

    /** Reads at most {@link ImageLimits#maxBytes()} + 1 bytes from {@code in}, then decodes them. */
    public DecodedImage decode(InputStream in) throws IOException {
        int max = (int) limits.maxBytes().toBytes();
        byte[] data = in.readNBytes(max + 1);
        return decode(data);
    }

    public DecodedImage decode(byte[] data) {
        return decode(data, (width, height) -> { });
    }

    /**
     * Decodes with one more check of the header's dimensions, run after the {@link ImageLimits} and before any
     * pixel is decoded; whatever it throws reaches the caller unchanged. JPEGs are turned upright by their Exif
     * orientation.
     */
    public DecodedImage decode(byte[] data, HeaderCheck beforePixels) {
        try {
            return decodeChecked(data, beforePixels);
        } catch (CheckFailed failed) {
            throw failed.refusal;
        }
    }

    /** Called with an image's width and height, as stored in its header, before its pixels are decoded. */
    @FunctionalInterface
    public interface HeaderCheck {
        void check(int width, int height);
    }

    /** Carries a {@link HeaderCheck}'s exception past the handlers that turn decoder failures into refusals. */
    private static final class CheckFailed extends RuntimeException {
        private final RuntimeException refusal;

        CheckFailed(RuntimeException refusal) {
            super(null, refusal, false, false);
            this.refusal = refusal;
        }
    }

    private DecodedImage decodeChecked(byte[] data, HeaderCheck beforePixels) {
        if (data == null || data.length == 0) {
            throw new InvalidImageException(Reason.EMPTY, "Image is empty: no bytes were sent");
        }
        if (data.length > limits.maxBytes().toBytes()) {
            throw new InvalidImageException(Reason.TOO_MANY_BYTES, "Image is larger than the limit of "
                    + limits.maxBytes().toBytes() + " bytes");
        }
        try (ImageInputStream input = new ByteArrayImageInputStream(data)) {
            ImageReader reader = preferredReader(input);
            try {
                return read(reader, input, data, beforePixels);
            } catch (CheckFailed e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw refusal(e, consumedAll(input, data.length));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw refusal(e, false);
        }
    }

    private static InvalidImageException refusal(Exception e, boolean consumedAll) {
        if (e instanceof InvalidImageException invalid) {
            return invalid;
        }
        // A reader that failed after reading every byte ran out of data (the JDK's GIF reader then reports
        // an "invalid block length" rather than an EOF).
        if (e instanceof EOFException || e.getCause() instanceof EOFException || consumedAll) {
            return new InvalidImageException(Reason.TRUNCATED,
                    "Image file is truncated: it ends before the image does (" + detail(e) + ")", e);
        }
        // Readers also signal malformed input with IllegalArgumentException, IndexOutOfBounds...:
        // still the client's data, never a server error.
        return new InvalidImageException(Reason.CORRUPT, "Image data is corrupt: " + detail(e), e);
    }

    private static boolean consumedAll(ImageInputStream input, int length) {
        try {
            return input.getStreamPosition() >= length;
        } catch (IOException e) {
            return false;
        }
    }

    private DecodedImage read(ImageReader reader, ImageInputStream input, byte[] data, HeaderCheck beforePixels)
            throws IOException {
        String formatName = reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        ImageFormat format = ImageFormat.of(reader.getOriginatingProvider())
                .orElseThrow(() -> new InvalidImageException(Reason.UNSUPPORTED_FORMAT,
                        "Image format " + formatName + " is not accepted; send PNG, JPEG, BMP, GIF or WebP"));
        ContainerChecks.requireComplete(format, data);
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkDimensions(width, height);
        try {
            beforePixels.check(width, height);
        } catch (RuntimeException e) {
            throw new CheckFailed(e);
        }

        TruncationWarnings warnings = new TruncationWarnings();
        reader.addIIOReadWarningListener((source, warning) -> warnings.accept(warning));
        BufferedImage image = reader.read(0);
        if (warnings.truncated != null) {
            // The JPEG decoder fills the missing part with grey and only warns.
            throw new InvalidImageException(Reason.TRUNCATED,
                    format + " file is truncated: " + warnings.truncated);
        }
        DecodedImage decoded = new DecodedImage(format, image);
        return format == ImageFormat.JPEG ? decoded.upright(ExifOrientation.of(data)) : decoded;
    }

    private void checkDimensions(int width, int height) {
        String size = width + "x" + height;
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(Reason.ZERO_SIZE, "Image is " + size + " pixels: it has no pixels");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new InvalidImageException(Reason.TOO_MANY_PIXELS, "Image is " + size + " = " + pixels
                    + " pixels, more than the limit of " + limits.maxPixels());
        }
        int shortSide = Math.min(width, height);
        double aspect = (double) Math.max(width, height) / shortSide;
        if (aspect > limits.maxAspectRatio()) {
            throw new InvalidImageException(Reason.EXTREME_ASPECT_RATIO, "Image is " + size
                    + " pixels: its sides differ by a factor above " + limits.maxAspectRatio());
        }
        if (shortSide < limits.minSide()) {
            throw new InvalidImageException(Reason.TOO_SMALL, "Image is " + size
                    + " pixels: its shorter side is below the minimum of " + limits.minSide());
        }
    }

    /**
     * Several plugins may claim a format (DataVec brings jai-imageio, unmaintained since 2016): prefer
     * TwelveMonkeys, then the JDK's own readers.
     */
    private static ImageReader preferredReader(ImageInputStream input) {
        List<ImageReader> readers = new ArrayList<>();
        ImageIO.getImageReaders(input).forEachRemaining(readers::add);
        if (readers.isEmpty()) {
            throw new InvalidImageException(Reason.NOT_AN_IMAGE,
                    "Data is not an image in any known format (PNG, JPEG, BMP, GIF or WebP expected)");
        }
        readers.sort(Comparator.comparingInt(ImageDecoder::rank));
        for (int i = 1; i < readers.size(); i++) {
            readers.get(i).dispose();
        }
        return readers.get(0);
    }

    private static int rank(ImageReader reader) {
        String provider = reader.getOriginatingProvider().getClass().getName();
        if (provider.startsWith("com.twelvemonkeys.")) {
            return 0;
        }
        return provider.startsWith("com.sun.imageio.") ? 1 : 2;
    }

    private static String detail(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Keeps the first warning that means the data stopped early. Other warnings (no ICC profile, extraneous
     * bytes before a marker...) describe pictures that still decode whole, so they pass.
     */
    private static final class TruncationWarnings {
        private String truncated;

        void accept(String warning) {
            String text = warning.toLowerCase(Locale.ROOT);
            if (truncated == null && (text.contains("premature end") || text.contains("truncated")
                    || text.contains("missing eoi"))) {
                truncated = warning;
            }
        }
    }
}
