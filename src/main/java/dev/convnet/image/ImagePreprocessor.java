package dev.convnet.image;

import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Turns a decoded picture into what the model saw in training: its channels (grey or RGB, transparency
 * composited on white), its input size, rounded to 8 bits, optionally inverted, multiplied by the training
 * scale. Output is NHWC: height, width, channels, RGB order. Uploaded datasets are stored through
 * {@link #pixels}, the same steps up to the rounding. Stateless and thread-safe.
 */
@Component
public class ImagePreprocessor {

    // ITU-R BT.601 luma, as PIL's convert('L').
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;
    private static final float WHITE = 255f;

    /** Preprocesses with the model's default resize and inversion. */
    public float[] preprocess(DecodedImage image, InputSpec spec) {
        return preprocess(image, spec, null, null);
    }

    /**
     * @param resize null for the model's default
     * @param invert null for the model's default
     * @return height x width x channels floats
     */
    public float[] preprocess(DecodedImage image, InputSpec spec, ResizeMode resize, InvertMode invert) {
        float[] out = new float[spec.size()];
        preprocessInto(image, spec, resize, invert, out, 0);
        return out;
    }

    /** Writes one preprocessed image at {@code offset} of {@code dst}, e.g. a slot of a batch buffer. */
    public void preprocessInto(DecodedImage image, InputSpec spec, ResizeMode resize, InvertMode invert,
                               float[] dst, int offset) {
        Objects.requireNonNull(image, "image");
        ResizeMode mode = resize == null ? spec.defaultResize() : resize;
        InvertMode inversion = invert == null ? spec.defaultInvert() : invert;
        float[] background = render(image, spec.height(), spec.width(), spec.channels(), mode,
                inversion == InvertMode.AUTO, dst, offset);

        boolean flip = switch (inversion) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> luma(background, spec.channels()) > WHITE / 2;
        };
        float[] scaled = scaleTable(spec.scale());
        for (int i = offset; i < offset + spec.size(); i++) {
            int value = (int) dst[i];
            dst[i] = scaled[flip ? 255 - value : value];
        }
    }

    /**
     * The picture as stored in a dataset: brought to {@code height x width x channels} exactly as
     * {@link #preprocessInto} does before inverting and scaling, one byte per value. Training turns a stored
     * byte into {@code byte / 255f}, the float {@link #preprocessInto} gives it for a scale of 1/255, so a picture
     * gives the network the same floats whether it came in a dataset or in a prediction request.
     */
    public byte[] pixels(DecodedImage image, int height, int width, int channels, ResizeMode resize) {
        Objects.requireNonNull(image, "image");
        float[] values = new float[height * width * channels];
        render(image, height, width, channels, resize, false, values, 0);
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) (int) values[i];
        }
        return out;
    }

    /**
     * Composites, converts and resizes the picture into {@code dst} as whole numbers 0..255: the network is
     * trained on 8-bit pictures, so served pictures are rounded to 8 bits the same way.
     *
     * @return the mean colour of the picture's border when it is needed (padding or {@code wantBackground}),
     *         else null
     */
    private static float[] render(DecodedImage image, int height, int width, int channels, ResizeMode mode,
                                  boolean wantBackground, float[] dst, int offset) {
        Resampler.RowSource source = rowSource(image, channels);
        float[] background = null;
        if (mode == ResizeMode.PAD || wantBackground) {
            background = borderMean(image, source, channels);
        }

        Placement placement = place(mode, image.width(), image.height(), width, height);
        float[] resized = Resampler.resample(source, channels,
                Resampler.taps(placement.sourceX(), placement.sourceWidth(), placement.width(),
                        placement.clampX0(), placement.clampX1()),
                Resampler.taps(placement.sourceY(), placement.sourceHeight(), placement.height(),
                        placement.clampY0(), placement.clampY1()));

        if (placement.width() != width || placement.height() != height) {
            for (int p = 0; p < width * height; p++) {
                System.arraycopy(background, 0, dst, offset + p * channels, channels);
            }
        }
        int rowLength = placement.width() * channels;
        for (int y = 0; y < placement.height(); y++) {
            System.arraycopy(resized, y * rowLength, dst,
                    offset + ((placement.y() + y) * width + placement.x()) * channels, rowLength);
        }
        for (int i = offset; i < offset + height * width * channels; i++) {
            dst[i] = Math.round(Math.min(WHITE, Math.max(0f, dst[i])));
        }
        return background;
    }

    /** value * scale for every 8-bit value, rounded once from double as {@code value / 255f} is for 1/255. */
    private static float[] scaleTable(double scale) {
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (float) (v * scale);
        }
        return table;
    }

    /**
     * Where the resized picture lands in the output ({@code x, y, width, height}) and which source span
     * feeds it ({@code source*}, fractional for crops), never reading outside {@code clamp*}.
     */
    private record Placement(int x, int y, int width, int height,
                             double sourceX, double sourceY, double sourceWidth, double sourceHeight,
                             int clampX0, int clampY0, int clampX1, int clampY1) {
    }

    private static Placement place(ResizeMode mode, int imageWidth, int imageHeight, int width, int height) {
        return switch (mode) {
            case STRETCH -> new Placement(0, 0, width, height, 0, 0, imageWidth, imageHeight,
                    0, 0, imageWidth, imageHeight);
            case CENTER_CROP -> {
                double scale = Math.max((double) width / imageWidth, (double) height / imageHeight);
                double cropWidth = Math.min(imageWidth, width / scale);
                double cropHeight = Math.min(imageHeight, height / scale);
                double x0 = (imageWidth - cropWidth) / 2;
                double y0 = (imageHeight - cropHeight) / 2;
                // Clamped to the crop so nothing outside it bleeds in at the edges.
                yield new Placement(0, 0, width, height, x0, y0, cropWidth, cropHeight,
                        (int) Math.floor(x0), (int) Math.floor(y0),
                        (int) Math.ceil(x0 + cropWidth - 1e-9), (int) Math.ceil(y0 + cropHeight - 1e-9));
            }
            case PAD -> {
                double scale = Math.min((double) width / imageWidth, (double) height / imageHeight);
                int fitWidth = Math.max(1, Math.min(width, (int) Math.round(imageWidth * scale)));
                int fitHeight = Math.max(1, Math.min(height, (int) Math.round(imageHeight * scale)));
                yield new Placement((width - fitWidth) / 2, (height - fitHeight) / 2, fitWidth, fitHeight,
                        0, 0, imageWidth, imageHeight, 0, 0, imageWidth, imageHeight);
            }
        };
    }

    /** Reads rows as float channels in 0..255, composited on white and converted to the model's channels. */
    private static Resampler.RowSource rowSource(DecodedImage image, int channels) {
        boolean grey = image.isGrey();
        return new Resampler.RowSource() {
            private int[] argb = new int[0];

            @Override
            public void read(int y, int x, int length, float[] dst) {
                if (argb.length < length) {
                    argb = new int[length];
                }
                image.readArgb(x, y, length, argb);
                for (int i = 0; i < length; i++) {
                    int pixel = argb[i];
                    float alpha = (pixel >>> 24) / WHITE;
                    float paper = WHITE * (1 - alpha);
                    float r = ((pixel >> 16) & 0xFF) * alpha + paper;
                    float g = ((pixel >> 8) & 0xFF) * alpha + paper;
                    float b = (pixel & 0xFF) * alpha + paper;
                    if (channels == 1) {
                        // Grey sources are taken as they are: luma of (v, v, v) can miss v by a rounding step.
                        dst[i] = grey ? r : LUMA_R * r + LUMA_G * g + LUMA_B * b;
                    } else {
                        dst[i * 3] = r;
                        dst[i * 3 + 1] = g;
                        dst[i * 3 + 2] = b;
                    }
                }
            }
        };
    }

    /** Mean of the outermost ring of pixels, per channel: the picture's background. */
    private static float[] borderMean(DecodedImage image, Resampler.RowSource source, int channels) {
        int w = image.width();
        int h = image.height();
        double[] sum = new double[channels];
        long count = 0;
        float[] row = new float[w * channels];
        for (int y : h == 1 ? new int[] {0} : new int[] {0, h - 1}) {
            source.read(y, 0, w, row);
            for (int i = 0; i < w * channels; i++) {
                sum[i % channels] += row[i];
            }
            count += w;
        }
        float[] pixel = new float[channels];
        for (int y = 1; y < h - 1; y++) {
            for (int x : w == 1 ? new int[] {0} : new int[] {0, w - 1}) {
                source.read(y, x, 1, pixel);
                for (int c = 0; c < channels; c++) {
                    sum[c] += pixel[c];
                }
                count++;
            }
        }
        float[] mean = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (sum[c] / count);
        }
        return mean;
    }

    private static float luma(float[] color, int channels) {
        return channels == 1 ? color[0] : LUMA_R * color[0] + LUMA_G * color[1] + LUMA_B * color[2];
    }
}
