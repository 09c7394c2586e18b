package dev.convnet.inference;

import dev.convnet.common.Tensor;
import dev.convnet.dataset.DatasetSettings;
import dev.convnet.dataset.ImageSet;
import dev.convnet.dataset.ImportOptions;
import dev.convnet.dataset.UploadedDatasetStore;
import dev.convnet.dataset.ZipDatasetImporter;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.engine.EpochData;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.ImageLimits;
import dev.convnet.image.ImagePreprocessor;
import dev.convnet.image.InputSpec;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import dev.convnet.image.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A picture gives the network the same floats, bit for bit, whether it was uploaded in a dataset (stored as
 * bytes, then divided by 255 as training does) or sent to the prediction API with {@code resize=stretch} and
 * {@code invert=never}, the geometry dataset import uses.
 */
class SameTensorTest {

    @TempDir
    Path root;

    private final ImagePredictionService predictions = new ImagePredictionService(
            new ImageDecoder(ImageLimits.defaults()), new ImagePreprocessor(), null, null, null);

    @Test
    void pngWithAlpha() {
        BufferedImage picture = new BufferedImage(24, 24, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(1);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                picture.setRGB(x, y, random.nextInt());
            }
        }
        assertSameTensor(TestImages.encode(picture, "png"), "png", 24, 24, 3);
        assertSameTensor(TestImages.encode(picture, "png"), "png", 24, 24, 1);
    }

    @Test
    void greyscaleJpeg() {
        BufferedImage picture = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = picture.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.BLACK, 30, 20, Color.WHITE));
        g.fillRect(0, 0, 30, 20);
        g.dispose();
        byte[] jpeg = TestImages.encode(picture, "jpeg");

        assertSameTensor(jpeg, "jpg", 20, 30, 1);
        assertSameTensor(jpeg, "jpg", 20, 30, 3);
        assertSameTensor(jpeg, "jpg", 9, 13, 1);
    }

    @Test
    void cmykJpeg() {
        byte[] cmyk = TestImages.adobeJpeg(false);

        assertSameTensor(cmyk, "jpg", 16, 32, 3);
        assertSameTensor(cmyk, "jpg", 10, 10, 1);
    }

    @Test
    void sixteenBitPng() {
        BufferedImage grey = new BufferedImage(20, 20, BufferedImage.TYPE_USHORT_GRAY);
        ComponentColorModel rgbModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster rgbRaster = rgbModel.createCompatibleWritableRaster(20, 20);
        Random random = new Random(2);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                grey.getRaster().setSample(x, y, 0, random.nextInt(65536));
                for (int band = 0; band < 3; band++) {
                    rgbRaster.setSample(x, y, band, random.nextInt(65536));
                }
            }
        }
        BufferedImage rgb = new BufferedImage(rgbModel, rgbRaster, false, null);

        assertSameTensor(TestImages.encode(grey, "png"), "png", 20, 20, 1);
        assertSameTensor(TestImages.encode(rgb, "png"), "png", 20, 20, 3);
        assertSameTensor(TestImages.encode(rgb, "png"), "png", 7, 7, 3);
    }

    @Test
    void shrunkSevenTimes() {
        BufferedImage picture = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                // Fine stripes plus noise: a 2x2 sampler would alias them, averaging does not.
                int stripe = x % 2 == 0 ? 200 : 30;
                picture.setRGB(x, y, new Color(stripe, random.nextInt(256), (x + y) % 256).getRGB());
            }
        }
        assertSameTensor(TestImages.encode(picture, "png"), "png", 32, 32, 3);
        assertSameTensor(TestImages.encode(picture, "png"), "png", 32, 32, 1);
    }

    @Test
    void jpegWithExifOrientationSixIsTurnedUpright() {
        // Stored 40 wide x 24 high: red left half, blue right half, a green top-left corner.
        BufferedImage stored = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 24);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 24);
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        byte[] plain = TestImages.jpeg(stored, false);
        byte[] rotated = TestImages.withExifOrientation(plain, 6);

        // Upright it is 24 wide x 40 high; both paths agree on that picture.
        float[] fromDataset = assertSameTensor(rotated, "jpg", 40, 24, 3);

        // It is the stored picture turned 90 degrees clockwise: stored (x, y) shows at (23 - y, x).
        float[] storedTensor = servingTensor(plain, 24, 40, 3);
        float[] turned = new float[storedTensor.length];
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                System.arraycopy(storedTensor, (y * 40 + x) * 3, turned, (x * 24 + (23 - y)) * 3, 3);
            }
        }
        assertThat(Arrays.equals(turned, fromDataset)).as("the upright picture is the stored one turned").isTrue();
        // The green corner moved to the top right.
        assertThat(fromDataset[(2 * 24 + 21) * 3 + 1]).isGreaterThan(0.8f);
        assertThat(fromDataset[(2 * 24 + 2) * 3 + 1]).isLessThan(0.2f);
    }

    /**
     * Imports {@code image} (plus another class's image) at {@code height x width x channels}, and asserts its
     * training floats equal the prediction path's, bit for bit.
     */
    private float[] assertSameTensor(byte[] image, String extension, int height, int width, int channels) {
        float[] training = trainingTensor(image, extension, height, width, channels);
        float[] serving = servingTensor(image, height, width, channels);

        assertThat(training).hasSize(height * width * channels);
        assertThat(Arrays.equals(training, serving))
                .as("%dx%dx%d: first difference at %d", height, width, channels, firstDifference(training, serving))
                .isTrue();
        return training;
    }

    private float[] trainingTensor(byte[] image, String extension, int height, int width, int channels) {
        Path dir = root.resolve(UUID.randomUUID().toString());
        DatasetSettings settings = DatasetSettings.of(dir.resolve("data"), dir.resolve("uploads"));
        ZipDatasetImporter importer = new ZipDatasetImporter(settings, new UploadedDatasetStore(settings));
        byte[] other = TestImages.encode(new BufferedImage(3, 5, BufferedImage.TYPE_INT_RGB), "png");
        ImportOptions options = new ImportOptions("same", null, new ImportOptions.TargetSize(height, width),
                channels == 1 ? ImportOptions.ColorMode.GRAYSCALE : ImportOptions.ColorMode.RGB);

        ImageSet train = importer.importZip(new ByteArrayInputStream(zip("a/image." + extension, image,
                "b/other.png", other)), "same.zip", options).splits().train();

        assertThat(train.label(0)).isZero();
        // The batches training reads (NCHW), in order without augmentation: the first one starts with the image.
        try (EpochData.BatchStream batches = new ImageSetEpochData(train, 1, false, 0, null).epoch(0)) {
            return nhwc(batches.next().features(), height, width, channels);
        }
    }

    private static float[] nhwc(float[] nchw, int height, int width, int channels) {
        float[] out = new float[height * width * channels];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < height * width; p++) {
                out[p * channels + c] = nchw[c * height * width + p];
            }
        }
        return out;
    }

    private float[] servingTensor(byte[] image, int height, int width, int channels) {
        InputSpec spec = new InputSpec(height, width, channels, ResizeMode.PAD, InvertMode.AUTO, 1.0 / 255);
        ServableModel model = new ServableModel(UUID.randomUUID(), "model", 1, null, List.of(2), true, null,
                List.of("a", "b"), spec, 8, null);
        Tensor tensor = predictions.preprocess(model, List.of(new UploadedImage("image", image)),
                ResizeMode.STRETCH, InvertMode.NEVER);
        assertThat(tensor.shape()).containsExactly(1, height, width, channels);
        return tensor.data();
    }

    private static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                return i;
            }
        }
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }

    private static byte[] zip(String name1, byte[] content1, String name2, byte[] content2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name1));
            zip.write(content1);
            zip.putNextEntry(new ZipEntry(name2));
            zip.write(content2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
