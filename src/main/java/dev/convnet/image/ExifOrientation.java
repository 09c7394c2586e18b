package dev.convnet.image;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * The Exif Orientation tag (1-8) of a JPEG: how the stored rows must be turned to show the picture upright.
 * Cameras and phones store the sensor's rows and set this tag instead of rotating the pixels, and viewers,
 * browsers and Pillow's {@code ImageOps.exif_transpose} honour it, so the decoder does too.
 */
final class ExifOrientation {

    /** Rows and columns as stored. */
    static final int NORMAL = 1;

    private ExifOrientation() {
    }

    /**
     * The orientation of a JPEG, {@link #NORMAL} when it has no Exif block or a malformed one: a broken
     * metadata block does not make the picture unreadable.
     */
    static int of(byte[] jpeg) {
        try (ImageInputStream input = new ByteArrayImageInputStream(jpeg)) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
            if (segments.isEmpty()) {
                return NORMAL;
            }
            InputStream data = segments.get(0).data();
            // The identifier "Exif\0" is followed by one pad byte, then the TIFF structure.
            if (data.read() != 0) {
                return NORMAL;
            }
            Entry entry = new TIFFReader().read(new ByteArrayImageInputStream(data.readAllBytes()))
                    .getEntryById(TIFF.TAG_ORIENTATION);
            if (entry == null || !(entry.getValue() instanceof Number value)) {
                return NORMAL;
            }
            int orientation = value.intValue();
            return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
        } catch (IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /** Whether the picture's width and height are the stored height and width (orientations 5-8). */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5;
    }

    /**
     * Where the stored pixel ({@code x}, {@code y}) of a {@code width} x {@code height} raster lands in the
     * upright picture, as {@code {x, y}}.
     */
    static void uprightPosition(int orientation, int x, int y, int width, int height, int[] out) {
        switch (orientation) {
            case 2 -> set(out, width - 1 - x, y);
            case 3 -> set(out, width - 1 - x, height - 1 - y);
            case 4 -> set(out, x, height - 1 - y);
            case 5 -> set(out, y, x);
            case 6 -> set(out, height - 1 - y, x);
            case 7 -> set(out, height - 1 - y, width - 1 - x);
            case 8 -> set(out, y, width - 1 - x);
            default -> set(out, x, y);
        }
    }

    private static void set(int[] out, int x, int y) {
        out[0] = x;
        out[1] = y;
    }
}
