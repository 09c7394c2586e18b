package dev.convnet.dataset.augment;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImageAugmenterTest {

    // A 4-row, 5-column, 2-channel image whose every value is distinct.
    private static final int H = 4;
    private static final int W = 5;
    private static final int C = 2;
    private static final byte[] IMAGE = image(H, W, C);

    private static byte[] image(int height, int width, int channels) {
        byte[] pixels = new byte[height * width * channels];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                for (int ch = 0; ch < channels; ch++) {
                    pixels[(r * width + c) * channels + ch] = (byte) value(r, c, ch, width);
                }
            }
        }
        return pixels;
    }

    /** 3 .. 238 here, always below 256 for the images in this test. */
    private static int value(int row, int column, int channel, int width) {
        return 3 + 6 * (row * width + column) + 3 * channel;
    }

    private static float in(int row, int column, int channel) {
        return value(row, column, channel, W) / 255f;
    }

    private static float out(float[] target, int offset, int height, int width, int row, int column, int channel) {
        return target[offset + channel * height * width + row * width + column];
    }

    private static float[] apply(AugmentationSettings settings, TransformParameters transform) {
        float[] target = new float[H * W * C];
        new ImageAugmenter(settings, H, W, C).apply(transform, IMAGE, 0, target, 0);
        return target;
    }

    private static AugmentationSettings fill(FillMode mode, double cval) {
        return new AugmentationSettings(0, 0, 0, 0, 1, 1, false, false, mode, cval);
    }

    @Test
    void identityGivesPixelsOver255InNchwAtTheOffset() {
        byte[] twoImages = new byte[2 * H * W * C];
        System.arraycopy(IMAGE, 0, twoImages, H * W * C, H * W * C);
        float[] target = new float[7 + H * W * C];
        Arrays.fill(target, -1f);

        new ImageAugmenter(AugmentationSettings.NONE, H, W, C)
                .augment(twoImages, 1, new SplittableRandom(1), target, 7);

        assertThat(Arrays.copyOf(target, 7)).containsOnly(-1f);
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                for (int ch = 0; ch < C; ch++) {
                    assertThat(out(target, 7, H, W, r, c, ch)).isEqualTo(value(r, c, ch, W) / 255f);
                }
            }
        }
    }

    @Test
    void byteValuesAreUnsigned() {
        byte[] pixels = {(byte) 255, (byte) 128, 0};
        float[] target = new float[3];

        new ImageAugmenter(AugmentationSettings.NONE, 1, 1, 3).apply(TransformParameters.IDENTITY, pixels, 0, target, 0);

        assertThat(target).containsExactly(1f, 128 / 255f, 0f);
    }

    @Test
    void horizontalFlipMirrorsColumnsExactly() {
        float[] target = apply(AugmentationSettings.NONE, new TransformParameters(0, 0, 0, 0, 1, 1, true, false));

        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                for (int ch = 0; ch < C; ch++) {
                    assertThat(out(target, 0, H, W, r, c, ch)).isEqualTo(in(r, W - 1 - c, ch));
                }
            }
        }
    }

    @Test
    void verticalFlipMirrorsRowsExactly() {
        float[] target = apply(AugmentationSettings.NONE, new TransformParameters(0, 0, 0, 0, 1, 1, false, true));

        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                assertThat(out(target, 0, H, W, r, c, 1)).isEqualTo(in(H - 1 - r, c, 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FillMode.class)
    void shiftByOneColumnMovesPixelsExactlyAndFillsTheBorderColumn(FillMode mode) {
        float cval = 200 / 255f;
        float[] left = apply(fill(mode, 200), shift(0, 1));
        float[] right = apply(fill(mode, 200), shift(0, -1));

        for (int r = 0; r < H; r++) {
            for (int ch = 0; ch < C; ch++) {
                for (int c = 0; c < W - 1; c++) {
                    assertThat(out(left, 0, H, W, r, c, ch)).isEqualTo(in(r, c + 1, ch));
                    assertThat(out(right, 0, H, W, r, c + 1, ch)).isEqualTo(in(r, c, ch));
                }
                float lastColumn = out(left, 0, H, W, r, W - 1, ch);
                float firstColumn = out(right, 0, H, W, r, 0, ch);
                switch (mode) {
                    case CONSTANT -> {
                        assertThat(lastColumn).isEqualTo(cval);
                        assertThat(firstColumn).isEqualTo(cval);
                    }
                    case NEAREST, REFLECT -> {
                        assertThat(lastColumn).isEqualTo(in(r, W - 1, ch));
                        assertThat(firstColumn).isEqualTo(in(r, 0, ch));
                    }
                    case WRAP -> {
                        assertThat(lastColumn).isEqualTo(in(r, 0, ch));
                        assertThat(firstColumn).isEqualTo(in(r, W - 1, ch));
                    }
                }
            }
        }
    }

    @Test
    void shiftByTwoColumnsTellsReflectFromNearestAndWrap() {
        TransformParameters shift = shift(0, 2);
        float[] reflect = apply(fill(FillMode.REFLECT, 0), shift);
        float[] nearest = apply(fill(FillMode.NEAREST, 0), shift);
        float[] wrap = apply(fill(FillMode.WRAP, 0), shift);

        for (int r = 0; r < H; r++) {
            // Output columns 3 and 4 read input columns 5 and 6, outside a 5-column image.
            assertThat(out(reflect, 0, H, W, r, 3, 0)).isEqualTo(in(r, 4, 0));
            assertThat(out(reflect, 0, H, W, r, 4, 0)).isEqualTo(in(r, 3, 0));
            assertThat(out(nearest, 0, H, W, r, 3, 0)).isEqualTo(in(r, 4, 0));
            assertThat(out(nearest, 0, H, W, r, 4, 0)).isEqualTo(in(r, 4, 0));
            assertThat(out(wrap, 0, H, W, r, 3, 0)).isEqualTo(in(r, 0, 0));
            assertThat(out(wrap, 0, H, W, r, 4, 0)).isEqualTo(in(r, 1, 0));
        }
    }

    @Test
    void heightShiftMovesRowsAndWidthShiftMovesColumns() {
        float[] rows = apply(fill(FillMode.CONSTANT, 0), shift(1, 0));

        for (int c = 0; c < W; c++) {
            for (int r = 0; r < H - 1; r++) {
                assertThat(out(rows, 0, H, W, r, c, 1)).isEqualTo(in(r + 1, c, 1));
            }
            assertThat(out(rows, 0, H, W, H - 1, c, 1)).isZero();
        }
    }

    @Test
    void halfPixelShiftAveragesNeighbours() {
        float[] target = apply(fill(FillMode.NEAREST, 0), shift(0, 0.5));

        assertThat(out(target, 0, H, W, 2, 1, 0)).isCloseTo((in(2, 1, 0) + in(2, 2, 0)) / 2, within(1e-6f));
        // Beyond the last column the nearest fill repeats it, so the average is the edge value itself.
        assertThat(out(target, 0, H, W, 2, 4, 0)).isCloseTo(in(2, 4, 0), within(1e-6f));
    }

    @Test
    void rotationBy90DegreesPermutesASquareImage() {
        int n = 4;
        byte[] square = image(n, n, 1);
        float[] target = new float[n * n];

        new ImageAugmenter(fill(FillMode.CONSTANT, 0), n, n, 1)
                .apply(new TransformParameters(90, 0, 0, 0, 1, 1, false, false), square, 0, target, 0);

        // Counter-clockwise like numpy's rot90: output row 0 is the input's last column, top to bottom.
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                assertThat(out(target, 0, n, n, r, c, 0))
                        .isCloseTo(value(c, n - 1 - r, 0, n) / 255f, within(1e-6f));
            }
        }
    }

    @Test
    void rotationBy180DegreesTurnsANonSquareImageAboutItsTrueCentre() {
        float[] target = apply(fill(FillMode.CONSTANT, 0), new TransformParameters(180, 0, 0, 0, 1, 1, false, false));

        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                assertThat(out(target, 0, H, W, r, c, 1)).isCloseTo(in(H - 1 - r, W - 1 - c, 1), within(1e-6f));
            }
        }
    }

    @Test
    void zoomFactorHalfMagnifiesTwiceAroundTheCentre() {
        int n = 5;
        byte[] square = image(n, n, 1);
        float[] target = new float[n * n];

        new ImageAugmenter(fill(FillMode.CONSTANT, 0), n, n, 1)
                .apply(new TransformParameters(0, 0, 0, 0, 0.5, 0.5, false, false), square, 0, target, 0);

        // Output (r, c) reads input (2 + (r - 2) / 2, 2 + (c - 2) / 2).
        assertThat(out(target, 0, n, n, 2, 2, 0)).isEqualTo(value(2, 2, 0, n) / 255f);
        assertThat(out(target, 0, n, n, 0, 0, 0)).isEqualTo(value(1, 1, 0, n) / 255f);
        assertThat(out(target, 0, n, n, 4, 0, 0)).isEqualTo(value(3, 1, 0, n) / 255f);
        assertThat(out(target, 0, n, n, 4, 4, 0)).isEqualTo(value(3, 3, 0, n) / 255f);
        float midway = (value(1, 1, 0, n) + value(1, 2, 0, n) + value(2, 1, 0, n) + value(2, 2, 0, n)) / 4f / 255f;
        assertThat(out(target, 0, n, n, 1, 1, 0)).isCloseTo(midway, within(1e-6f));
    }

    @Test
    void zoomFactorTwoShrinksTheContentAsInKeras() {
        int n = 5;
        byte[] square = image(n, n, 1);
        float[] target = new float[n * n];

        new ImageAugmenter(fill(FillMode.CONSTANT, 0), n, n, 1)
                .apply(new TransformParameters(0, 0, 0, 0, 2, 2, false, false), square, 0, target, 0);

        assertThat(out(target, 0, n, n, 1, 1, 0)).isEqualTo(value(0, 0, 0, n) / 255f);
        assertThat(out(target, 0, n, n, 3, 3, 0)).isEqualTo(value(4, 4, 0, n) / 255f);
        assertThat(out(target, 0, n, n, 1, 3, 0)).isEqualTo(value(0, 4, 0, n) / 255f);
        assertThat(out(target, 0, n, n, 0, 0, 0)).isZero();
        assertThat(out(target, 0, n, n, 4, 2, 0)).isZero();
    }

    @Test
    void flipIsAppliedAfterTheShiftAsInKeras() {
        // Shift content left by one, then mirror: output column c shows shifted column W-1-c = input W-c.
        float[] target = apply(fill(FillMode.CONSTANT, 0), new TransformParameters(0, 0, 1, 0, 1, 1, true, false));

        assertThat(out(target, 0, H, W, 1, 0, 0)).isZero();
        for (int c = 1; c < W; c++) {
            assertThat(out(target, 0, H, W, 1, c, 0)).isEqualTo(in(1, W - c, 0));
        }
    }

    /** Values from src/test/python/keras_affine_reference.py (scipy.ndimage, and Keras's legacy composition). */
    @ParameterizedTest
    @EnumSource(FillMode.class)
    void matchesScipyAndKerasOnASquareImage(FillMode mode) {
        int n = 6;
        byte[] square = new byte[n * n];
        for (int i = 0; i < square.length; i++) {
            square[i] = (byte) ((7 + 37 * i) % 256);
        }
        float[] target = new float[n * n];

        new ImageAugmenter(fill(mode, 100), n, n, 1)
                .apply(new TransformParameters(17, 1.3, -2.2, 8, 0.9, 1.15, false, false), square, 0, target, 0);

        float[] expected = switch (mode) {
            case CONSTANT -> new float[] {
                    0.3679372f, 0.1308581f, 0.1678376f, 0.1850637f, 0.2748612f, 0.3646588f,
                    0.3921569f, 0.6132631f, 0.7017147f, 0.5287066f, 0.0653748f, 0.1753266f,
                    0.3921569f, 0.3921569f, 0.6514709f, 0.7700124f, 0.8452055f, 0.6348570f,
                    0.3921569f, 0.3921569f, 0.4517681f, 0.5605260f, 0.6503235f, 0.7401211f,
                    0.3921569f, 0.3921569f, 0.3921569f, 0.3920795f, 0.4453026f, 0.5152267f,
                    0.3921569f, 0.3921569f, 0.3921569f, 0.3911228f, 0.3921569f, 0.3921569f};
            case NEAREST -> new float[] {
                    0.0274510f, 0.1141979f, 0.1678376f, 0.1850637f, 0.2748612f, 0.3646588f,
                    0.7924901f, 0.8791198f, 0.7017147f, 0.5287066f, 0.0653748f, 0.1753266f,
                    0.7752372f, 0.7401526f, 0.7050680f, 0.7700124f, 0.8452055f, 0.6348570f,
                    0.6362700f, 0.6011854f, 0.5661008f, 0.5605260f, 0.6503235f, 0.7401211f,
                    0.4973028f, 0.4622182f, 0.4271336f, 0.3920490f, 0.4485786f, 0.5734607f,
                    0.3647059f, 0.3647059f, 0.3647059f, 0.3647059f, 0.3780593f, 0.5029415f};
            case REFLECT -> new float[] {
                    0.0274510f, 0.1141979f, 0.1678376f, 0.1850637f, 0.2748612f, 0.3646588f,
                    0.4927646f, 0.8791198f, 0.7017147f, 0.5287066f, 0.0653748f, 0.1753266f,
                    0.8339756f, 0.7447899f, 0.7050680f, 0.7700124f, 0.8452055f, 0.6348570f,
                    0.8223462f, 0.6763420f, 0.5661008f, 0.5605260f, 0.6503235f, 0.7401211f,
                    0.7678607f, 0.6078940f, 0.4479272f, 0.3920490f, 0.4485786f, 0.5734607f,
                    0.7057831f, 0.5809009f, 0.4560187f, 0.3647059f, 0.3914346f, 0.5514014f};
            case WRAP -> new float[] {
                    0.5993810f, 0.1516863f, 0.1678376f, 0.1850637f, 0.2748612f, 0.3646588f,
                    0.5767729f, 0.7271106f, 0.7017147f, 0.5287066f, 0.0653748f, 0.1753266f,
                    0.3672864f, 0.4570839f, 0.6573768f, 0.7700124f, 0.8452055f, 0.6348570f,
                    0.1578000f, 0.2475975f, 0.3830889f, 0.5605260f, 0.6503235f, 0.7401211f,
                    0.8171107f, 0.3107455f, 0.2044172f, 0.3133551f, 0.4289971f, 0.4651359f,
                    0.7330059f, 0.7691447f, 0.6467709f, 0.5143654f, 0.1188693f, 0.1344835f};
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(target[i]).as("pixel %d", i).isCloseTo(expected[i], within(2e-6f));
        }
    }

    @Test
    void drawsRandomNumbersInKerasOrder() {
        AugmentationSettings all = AugmentationSettings.keras(20, 0.1, 3, 10, 0.2, 0.3, true, true,
                FillMode.NEAREST, 0);
        ScriptedRandom random = new ScriptedRandom(0.75, 1.0, 0.25, 0.5, 0.0, 0.5, 0.4, 0.6);

        TransformParameters t = new ImageAugmenter(all, 10, 20, 1).randomTransform(random);

        assertThat(random.draws()).isEqualTo(8);
        assertThat(t.theta()).isEqualTo(10.0);          // uniform(-20, 20) at 0.75
        assertThat(t.tx()).isEqualTo(3.0);              // height range 3 is in pixels, at 1.0
        assertThat(t.ty()).isCloseTo(-1.0, within(1e-12)); // width range 0.1 of 20 columns, at 0.25
        assertThat(t.shear()).isEqualTo(0.0);           // uniform(-10, 10) at 0.5
        assertThat(t.zx()).isEqualTo(0.2);              // uniform(0.2, 0.3) at 0
        assertThat(t.zy()).isCloseTo(0.25, within(1e-12));
        assertThat(t.flipHorizontal()).isTrue();        // 0.4 < 0.5
        assertThat(t.flipVertical()).isFalse();         // 0.6 >= 0.5
    }

    @Test
    void skipsDrawsForRangesThatAreOffButAlwaysDrawsBothFlips() {
        AugmentationSettings widthOnly = new AugmentationSettings(0, 0.5, 0, 0, 1, 1, false, false,
                FillMode.NEAREST, 0);
        ScriptedRandom random = new ScriptedRandom(1.0, 0.1, 0.1);

        TransformParameters t = new ImageAugmenter(widthOnly, 4, 8, 1).randomTransform(random);

        assertThat(random.draws()).isEqualTo(3);
        assertThat(t).isEqualTo(new TransformParameters(0, 0, 4.0, 0, 1, 1, false, false));
    }

    @Test
    void sameSeedGivesTheSameAugmentationAndAnotherSeedDoesNot() {
        int n = 32;
        byte[] pixels = randomImages(8, n, n, 3, 11);
        ImageAugmenter augmenter = new ImageAugmenter(AugmentationSettings.keras(15, 0.1, 0.1, 5, 0.1, true, false,
                FillMode.REFLECT, 0), n, n, 3);

        float[] first = augmentAll(augmenter, pixels, 8, 42);
        float[] again = augmentAll(augmenter, pixels, 8, 42);
        float[] other = augmentAll(augmenter, pixels, 8, 43);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        for (float v : first) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void lessonSettingsChangeAlmostEveryImage() {
        int n = 32;
        int count = 200;
        byte[] pixels = randomImages(count, n, n, 3, 5);
        ImageAugmenter lesson = new ImageAugmenter(AugmentationSettings.LESSON_CIFAR10, n, n, 3);
        float[] plain = new float[count * n * n * 3];
        for (int i = 0; i < count; i++) {
            lesson.apply(TransformParameters.IDENTITY, pixels, i * n * n * 3, plain, i * n * n * 3);
        }

        float[] augmented = augmentAll(lesson, pixels, count, 7);

        int changed = 0;
        int size = n * n * 3;
        for (int i = 0; i < count; i++) {
            if (!Arrays.equals(plain, i * size, (i + 1) * size, augmented, i * size, (i + 1) * size)) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThanOrEqualTo(count * 95 / 100);
    }

    private static float[] augmentAll(ImageAugmenter augmenter, byte[] pixels, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] target = new float[count * augmenter.imageSize()];
        for (int i = 0; i < count; i++) {
            augmenter.augment(pixels, i, random, target, i * augmenter.imageSize());
        }
        return target;
    }

    static byte[] randomImages(int count, int height, int width, int channels, long seed) {
        byte[] pixels = new byte[count * height * width * channels];
        new SplittableRandom(seed).nextBytes(pixels);
        return pixels;
    }

    /** Only a shift, {@code rows} down and {@code columns} right in Keras's sense. */
    private static TransformParameters shift(double rows, double columns) {
        return new TransformParameters(0, rows, columns, 0, 1, 1, false, false);
    }
}
