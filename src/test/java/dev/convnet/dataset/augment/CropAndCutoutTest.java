package dev.convnet.dataset.augment;

import dev.convnet.engine.Batch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Random crop with padding and cutout on seeded draws: shapes, which pixels change, statistics over many draws. */
class CropAndCutoutTest {

    private static final int H = 6;
    private static final int W = 5;
    private static final int C = 2;

    /** NCHW floats whose every value is distinct and non-zero: value(c, y, x) = 1 + c * 100 + y * 10 + x. */
    private static float[] numbered() {
        float[] image = new float[C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    image[c * H * W + y * W + x] = 1 + c * 100 + y * 10 + x;
                }
            }
        }
        return image;
    }

    private static float at(float[] image, int c, int y, int x) {
        return image[c * H * W + y * W + x];
    }

    @Test
    void zeroPaddedCropMovesTheContentByTheDrawnOffsetsAndFillsWithZero() {
        RandomCrop crop = new RandomCrop(2, RandomCrop.Padding.ZERO);
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom same = new SplittableRandom(seed);
            int dx = same.nextInt(5) - 2;
            int dy = same.nextInt(5) - 2;
            float[] image = numbered();
            crop.apply(image, 0, H, W, C, new float[image.length], new SplittableRandom(seed));
            assertThat(image).hasSize(C * H * W);
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int sy = y + dy;
                        int sx = x + dx;
                        float expected = sy >= 0 && sy < H && sx >= 0 && sx < W ? 1 + c * 100 + sy * 10 + sx : 0;
                        assertThat(at(image, c, y, x)).as("seed %d dx %d dy %d at c%d y%d x%d", seed, dx, dy, c, y, x)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        RandomCrop crop = new RandomCrop(2, RandomCrop.Padding.REFLECT);
        // find a seed that draws dx = -2, dy = +2: the window starts two columns left of, and two rows below, the image
        long seed = 0;
        while (true) {
            SplittableRandom probe = new SplittableRandom(seed);
            if (probe.nextInt(5) - 2 == -2 && probe.nextInt(5) - 2 == 2) {
                break;
            }
            seed++;
        }
        float[] image = numbered();
        crop.apply(image, 0, H, W, C, new float[image.length], new SplittableRandom(seed));
        // output (y, x) reads padded (y + 2, x - 2): column -2 -> 2, -1 -> 1; row H -> H - 2, H + 1 -> H - 3
        assertThat(at(image, 0, 0, 0)).isEqualTo(1 + 2 * 10 + 2);
        assertThat(at(image, 0, 0, 1)).isEqualTo(1 + 2 * 10 + 1);
        assertThat(at(image, 0, 0, 2)).isEqualTo(1 + 2 * 10 + 0);
        assertThat(at(image, 1, H - 2, 4)).isEqualTo(1 + 100 + (H - 2) * 10 + 2);
        assertThat(at(image, 1, H - 1, 4)).isEqualTo(1 + 100 + (H - 3) * 10 + 2);
        for (float value : image) {
            assertThat(value).isNotZero();
        }
    }

    @Test
    void everyOffsetIsEquallyLikely() {
        RandomCrop crop = new RandomCrop(2, RandomCrop.Padding.ZERO);
        SplittableRandom random = new SplittableRandom(42);
        int[] counts = new int[5];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            float[] dot = new float[H * W];
            dot[2 * W + 2] = 1; // one bright pixel in the middle; after the crop it sits at (2 - dy, 2 - dx)
            crop.apply(dot, 0, H, W, 1, new float[dot.length], random);
            int index = indexOfOne(dot);
            counts[2 - index % W + 2]++;
        }
        for (int count : counts) {
            assertThat(count / (double) draws).isCloseTo(0.2, offset(0.015));
        }
    }

    @Test
    void cutoutBlanksOneClippedSquareInEveryChannel() {
        Cutout cutout = new Cutout(3, 1, Cutout.Fill.ZERO);
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom same = new SplittableRandom(seed);
            same.nextDouble();
            int cy = same.nextInt(H);
            int cx = same.nextInt(W);
            float[] image = numbered();
            cutout.apply(image, 0, H, W, C, new SplittableRandom(seed));
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        boolean inside = y >= cy - 1 && y <= cy + 1 && x >= cx - 1 && x <= cx + 1;
                        assertThat(at(image, c, y, x)).isEqualTo(inside ? 0 : 1 + c * 100 + y * 10 + x);
                    }
                }
            }
        }
    }

    @Test
    void meanCutoutFillsWithTheImagesChannelMean() {
        float[] image = numbered();
        double[] means = new double[C];
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < H * W; i++) {
                means[c] += image[c * H * W + i] / (H * W);
            }
        }
        new Cutout(2, 1, Cutout.Fill.MEAN).apply(image, 0, H, W, C, new SplittableRandom(5));
        for (int c = 0; c < C; c++) {
            int changed = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    if (at(image, c, y, x) != 1 + c * 100 + y * 10 + x) {
                        changed++;
                        assertThat((double) at(image, c, y, x)).isCloseTo(means[c], offset(1e-4));
                    }
                }
            }
            assertThat(changed).isBetween(1, 4);
        }
    }

    @Test
    void cutoutHappensWithItsProbabilityAndCoversTheExpectedArea() {
        Cutout cutout = new Cutout(2, 0.3, Cutout.Fill.ZERO);
        SplittableRandom random = new SplittableRandom(9);
        int draws = 20_000;
        int cut = 0;
        long blanked = 0;
        for (int i = 0; i < draws; i++) {
            float[] ones = new float[H * W];
            java.util.Arrays.fill(ones, 1f);
            cutout.apply(ones, 0, H, W, 1, random);
            int zeros = 0;
            for (float value : ones) {
                zeros += value == 0 ? 1 : 0;
            }
            cut += zeros > 0 ? 1 : 0;
            blanked += zeros;
        }
        assertThat(cut / (double) draws).isCloseTo(0.3, offset(0.015));
        // a 2x2 square at (cy - 1 .. cy, cx - 1 .. cx) loses a row when cy = 0 and a column when cx = 0:
        // expected area (1 + (H - 1) * 2 / H... ) = (2 - 1/H) * (2 - 1/W)
        double expectedArea = (2 - 1.0 / H) * (2 - 1.0 / W);
        assertThat(blanked / (double) cut).isCloseTo(expectedArea, offset(0.05));
    }

    @Test
    void theBackgroundPipelineAppliesThemReproduciblyAndKeepsShapes() {
        int count = 20;
        byte[] pixels = new byte[count * 8 * 8 * 3];
        java.util.Arrays.fill(pixels, (byte) 200);
        int[] labels = new int[count];
        AugmentationSettings settings = AugmentationSettings.NONE.withCropAndCutout(
                new RandomCrop(2, RandomCrop.Padding.ZERO), new Cutout(4, 1, Cutout.Fill.ZERO));
        assertThat(settings.isIdentity()).isFalse();
        assertThat(settings.isGeometricIdentity()).isTrue();
        float[] first = features(pixels, labels, settings, 11);
        assertThat(first).hasSize(count * 3 * 8 * 8);
        assertThat(first).isEqualTo(features(pixels, labels, settings, 11));
        assertThat(first).isNotEqualTo(features(pixels, labels, settings, 12));
        int zeros = 0;
        for (float value : first) {
            assertThat(value).isIn(0f, 200 / 255f);
            zeros += value == 0 ? 1 : 0;
        }
        assertThat(zeros).isGreaterThan(0);
    }

    @Test
    void reflectPaddingAsWideAsTheImageIsRefused() {
        assertThatThrownBy(() -> new CropAndCutout(AugmentationSettings.NONE.withCropAndCutout(
                new RandomCrop(5, RandomCrop.Padding.REFLECT), null), H, W, C))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cropPadding 5");
        assertThatThrownBy(() -> new Cutout(2, 1.5, Cutout.Fill.ZERO)).hasMessageContaining("cutoutProbability");
    }

    private static float[] features(byte[] pixels, int[] labels, AugmentationSettings settings, long seed) {
        ByteImageSource source = new ByteImageSource(pixels, labels, 8, 8, 3, 1, settings);
        float[] all = new float[labels.length * source.featuresPerExample()];
        try (BatchPipeline pipeline = BatchPipeline.start(labels.length, 8, seed, false, source)) {
            int at = 0;
            while (pipeline.hasNext()) {
                Batch batch = pipeline.next();
                int length = batch.size() * source.featuresPerExample();
                System.arraycopy(batch.features(), 0, all, at, length);
                at += length;
            }
        }
        return all;
    }

    private static int indexOfOne(float[] image) {
        for (int i = 0; i < image.length; i++) {
            if (image[i] == 1) {
                return i;
            }
        }
        throw new AssertionError("the bright pixel was cropped away");
    }
}
