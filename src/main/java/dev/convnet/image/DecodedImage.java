package dev.convnet.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Objects;

/**
 * A decoded picture, read as non-premultiplied 8-bit ARGB in RGB order whatever the source layout
 * (BGR rasters, palettes, CMYK already converted by the JPEG plugin, 16-bit samples).
 *
 * <p>Grey images are read from their raw samples: {@link BufferedImage#getRGB} treats Java's grey
 * colour space as linear and brightens it (128 becomes 188), which is not what PIL or the training
 * data (MNIST's raw bytes) see. The layouts decoders produce most (8-bit BGR/ABGR bytes, packed RGB
 * ints) are read straight from the raster: {@code getRGB} converts pixel by pixel through the colour
 * model, about 150 ms for a 12 MP photo.
 */
public final class DecodedImage {

    private final ImageFormat format;
    private final BufferedImage image;
    private final Layout layout;
    private final boolean grey;

    private enum Layout { GREY, BYTES, INTS, GENERIC }

    DecodedImage(ImageFormat format, BufferedImage image) {
        this(format, image, image.getColorModel().getNumColorComponents() == 1);
    }

    private DecodedImage(ImageFormat format, BufferedImage image, boolean grey) {
        this.format = format;
        this.image = Objects.requireNonNull(image, "image");
        this.layout = layoutOf(image);
        this.grey = grey;
    }

    /**
     * This picture turned upright by an Exif orientation (1-8). The pixels are copied once into packed ARGB,
     * so reading rows stays as cheap as for any decoded picture.
     */
    DecodedImage upright(int orientation) {
        if (orientation == ExifOrientation.NORMAL) {
            return this;
        }
        int width = width();
        int height = height();
        boolean swap = ExifOrientation.swapsAxes(orientation);
        int uprightWidth = swap ? height : width;
        BufferedImage turned = new BufferedImage(uprightWidth, swap ? width : height, BufferedImage.TYPE_INT_ARGB);
        int[] target = ((DataBufferInt) turned.getRaster().getDataBuffer()).getData();
        int[] row = new int[width];
        int[] at = new int[2];
        for (int y = 0; y < height; y++) {
            readArgb(0, y, width, row);
            for (int x = 0; x < width; x++) {
                ExifOrientation.uprightPosition(orientation, x, y, width, height, at);
                target[at[1] * uprightWidth + at[0]] = row[x];
            }
        }
        return new DecodedImage(format, turned, grey);
    }

    private static Layout layoutOf(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1
                && !model.isAlphaPremultiplied() && image.getRaster().getNumBands() == model.getNumComponents()) {
            return Layout.GREY;
        }
        return switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR -> Layout.BYTES;
            case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> Layout.INTS;
            default -> Layout.GENERIC;
        };
    }

    /** Wraps an image built in memory (no encoded source), e.g. for tests or tensors turned into pictures. */
    public static DecodedImage of(BufferedImage image) {
        return new DecodedImage(null, image);
    }

    /** The encoding it was decoded from, or null for an in-memory image. */
    public ImageFormat format() {
        return format;
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** Whether the source has one colour channel (grey, with or without alpha): its red, green and blue are equal. */
    public boolean isGrey() {
        return grey;
    }

    public boolean hasAlpha() {
        return image.getColorModel().hasAlpha();
    }

    /** The pixel at (x, y) as 0xAARRGGBB. */
    public int argb(int x, int y) {
        int[] pixel = new int[1];
        readArgb(x, y, 1, pixel);
        return pixel[0];
    }

    /** Reads {@code length} pixels of row {@code y} from column {@code x} as 0xAARRGGBB into {@code dst}. */
    public void readArgb(int x, int y, int length, int[] dst) {
        switch (layout) {
            case GREY -> readGrey(x, y, length, dst);
            case BYTES -> readBytes(x, y, length, dst);
            case INTS -> readInts(x, y, length, dst);
            case GENERIC -> image.getRGB(x, y, length, 1, dst, 0, length);
        }
    }

    private void readGrey(int x, int y, int length, int[] dst) {
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        int[] samples = raster.getSamples(x, y, length, 1, 0, (int[]) null);
        int greyMax = (1 << model.getComponentSize(0)) - 1;
        int[] alpha = model.hasAlpha() ? raster.getSamples(x, y, length, 1, 1, (int[]) null) : null;
        int alphaMax = model.hasAlpha() ? (1 << model.getComponentSize(1)) - 1 : 1;
        for (int i = 0; i < length; i++) {
            int v = to8Bit(samples[i], greyMax);
            int a = alpha == null ? 0xFF : to8Bit(alpha[i], alphaMax);
            dst[i] = a << 24 | v << 16 | v << 8 | v;
        }
    }

    /** TYPE_3BYTE_BGR / TYPE_4BYTE_ABGR: bands are R, G, B (, A) at the sample model's band offsets. */
    private void readBytes(int x, int y, int length, int[] dst) {
        Raster raster = image.getRaster();
        ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        byte[] data = buffer.getData();
        int[] band = model.getBandOffsets();
        int stride = model.getPixelStride();
        // Not model.getOffset(x, y): that already adds the first band's offset.
        int pos = buffer.getOffset() + (y - raster.getSampleModelTranslateY()) * model.getScanlineStride()
                + (x - raster.getSampleModelTranslateX()) * stride;
        boolean alpha = band.length == 4;
        for (int i = 0; i < length; i++, pos += stride) {
            int a = alpha ? data[pos + band[3]] & 0xFF : 0xFF;
            dst[i] = a << 24 | (data[pos + band[0]] & 0xFF) << 16 | (data[pos + band[1]] & 0xFF) << 8
                    | (data[pos + band[2]] & 0xFF);
        }
    }

    /** TYPE_INT_RGB / TYPE_INT_ARGB: each int already is the pixel as (A)RGB. */
    private void readInts(int x, int y, int length, int[] dst) {
        Raster raster = image.getRaster();
        SinglePixelPackedSampleModel model = (SinglePixelPackedSampleModel) raster.getSampleModel();
        DataBufferInt buffer = (DataBufferInt) raster.getDataBuffer();
        int pos = buffer.getOffset() + model.getOffset(x - raster.getSampleModelTranslateX(),
                y - raster.getSampleModelTranslateY());
        System.arraycopy(buffer.getData(), pos, dst, 0, length);
        if (!image.getColorModel().hasAlpha()) {
            for (int i = 0; i < length; i++) {
                dst[i] |= 0xFF000000;
            }
        }
    }

    private static int to8Bit(int sample, int max) {
        return max == 0xFF ? sample : (int) ((sample * 255L + max / 2) / max);
    }
}
