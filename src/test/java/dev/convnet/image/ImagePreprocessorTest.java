package dev.convnet.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.convnet.image.TestImages.BLACK;
import static dev.convnet.image.TestImages.BLUE;
import static dev.convnet.image.TestImages.GREEN;
import static dev.convnet.image.TestImages.RED;
import static dev.convnet.image.TestImages.WHITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {

    private static final float EPS = 1e-3f;

    private final ImagePreprocessor preprocessor = new ImagePreprocessor();

    private static InputSpec rgb(int height, int width, ResizeMode resize) {
        return new InputSpec(height, width, 3, resize, 1.0);
    }

    private static InputSpec grey(int height, int width, ResizeMode resize) {
        return new InputSpec(height, width, 1, resize, 1.0);
    }

    /** Value at (x, y, channel) of an NHWC image {@code width} wide with {@code channels} channels. */
    private static float at(float[] out, int width, int channels, int x, int y, int channel) {
        return out[(y * width + x) * channels + channel];
    }

    private static DecodedImage image(BufferedImage picture) {
        return DecodedImage.of(picture);
    }

    @Nested
    class Channels {

        @Test
        void rgbOrderAtTheSameSize() {
            float[] out = preprocessor.preprocess(image(TestImages.halves(2, 1, RED, BLUE)),
                    rgb(1, 2, ResizeMode.STRETCH));

            assertThat(out).containsExactly(new float[] {255, 0, 0, 0, 0, 255}, within(EPS));
        }

        @Test
        void nhwcLayout() {
            BufferedImage picture = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    picture.setRGB(x, y, (10 * x) << 16 | (100 + y) << 8 | 7);
                }
            }

            float[] out = preprocessor.preprocess(image(picture), rgb(2, 3, ResizeMode.STRETCH));

            assertThat(out).hasSize(2 * 3 * 3);
            assertThat(at(out, 3, 3, 2, 1, 0)).isCloseTo(20, within(EPS));
            assertThat(at(out, 3, 3, 2, 1, 1)).isCloseTo(101, within(EPS));
            assertThat(at(out, 3, 3, 2, 1, 2)).isCloseTo(7, within(EPS));
            assertThat(out[(1 * 3 + 2) * 3]).isCloseTo(20, within(EPS));
        }

        @Test
        void scaleAsInTraining() {
            InputSpec spec = new InputSpec(2, 2, 3, ResizeMode.STRETCH, 1.0 / 255);

            float[] out = preprocessor.preprocess(image(TestImages.halves(2, 2, WHITE, BLACK)), spec);

            assertThat(at(out, 2, 3, 0, 0, 1)).isCloseTo(1f, within(1e-6f));
            assertThat(at(out, 2, 3, 1, 0, 1)).isZero();
        }

        @Test
        void greyIsBt601Luma() {
            BufferedImage picture = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
            picture.setRGB(0, 0, RED);
            picture.setRGB(1, 0, GREEN);
            picture.setRGB(2, 0, BLUE);
            picture.setRGB(3, 0, WHITE);

            float[] out = preprocessor.preprocess(image(picture), grey(1, 4, ResizeMode.STRETCH));

            // PIL's convert('L') gives 76, 150, 29, 255: values are rounded to 8 bits, as training data is stored.
            assertThat(out).containsExactly(76f, 150f, 29f, 255f);
        }

        @Test
        void greySourceKeepsItsSampleValues() {
            BufferedImage picture = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
            picture.getRaster().setSample(0, 0, 0, 128);

            assertThat(preprocessor.preprocess(image(picture), grey(1, 1, ResizeMode.STRETCH)))
                    .containsExactly(new float[] {128}, within(EPS));
            assertThat(preprocessor.preprocess(image(picture), rgb(1, 1, ResizeMode.STRETCH)))
                    .containsExactly(new float[] {128, 128, 128}, within(EPS));
        }

        @Test
        void everyRasterLayoutReadsLikeGetRgbIncludingSubImages() {
            for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
                    BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR}) {
                BufferedImage picture = new BufferedImage(7, 5, type);
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 7; x++) {
                        picture.setRGB(x, y, (0x40 + 20 * y) << 24 | (30 * x) << 16 | (40 * y) << 8 | (x + y));
                    }
                }
                BufferedImage part = picture.getSubimage(2, 1, 4, 3);
                DecodedImage image = image(part);

                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertThat(image.argb(x, y)).as("type %d at %d,%d", type, x, y).isEqualTo(part.getRGB(x, y));
                    }
                }
            }
        }

        @Test
        void alphaIsCompositedOnWhite() {
            BufferedImage picture = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
            picture.setRGB(0, 0, 0x00000000); // fully transparent black
            picture.setRGB(1, 0, 0x80000000); // half transparent black
            picture.setRGB(2, 0, 0xFFFF0000); // opaque red

            float[] greyOut = preprocessor.preprocess(image(picture), grey(1, 3, ResizeMode.STRETCH));
            float[] rgbOut = preprocessor.preprocess(image(picture), rgb(1, 3, ResizeMode.STRETCH));

            // 0.299 * 255 = 76.245 rounds to 76, as an 8-bit dataset stores it.
            assertThat(greyOut).containsExactly(255f, 127f, 76f);
            assertThat(rgbOut).containsExactly(255, 255, 255, 127, 127, 127, 255, 0, 0);
        }
    }

    @Nested
    class Inversion {

        private final BufferedImage inkOnPaper = TestImages.digit('7', 56, 56, Color.BLACK, Color.WHITE);
        private final BufferedImage chalkOnBoard = TestImages.digit('7', 56, 56, Color.WHITE, Color.BLACK);

        @Test
        void autoTurnsDarkOnLightIntoLightOnDark() {
            float[] out = preprocessor.preprocess(image(inkOnPaper), grey(28, 28, ResizeMode.STRETCH),
                    null, InvertMode.AUTO);

            assertThat(at(out, 28, 1, 0, 0, 0)).isCloseTo(0f, within(EPS));
            assertThat(max(out)).isGreaterThan(200f);
        }

        @Test
        void autoLeavesLightOnDarkAlone() {
            float[] auto = preprocessor.preprocess(image(chalkOnBoard), grey(28, 28, ResizeMode.STRETCH),
                    null, InvertMode.AUTO);
            float[] never = preprocessor.preprocess(image(chalkOnBoard), grey(28, 28, ResizeMode.STRETCH),
                    null, InvertMode.NEVER);

            assertThat(auto).containsExactly(never, within(EPS));
            assertThat(at(auto, 28, 1, 0, 0, 0)).isCloseTo(0f, within(EPS));
        }

        @Test
        void alwaysAndNever() {
            InputSpec spec = grey(28, 28, ResizeMode.STRETCH);
            float[] never = preprocessor.preprocess(image(inkOnPaper), spec, null, InvertMode.NEVER);
            float[] always = preprocessor.preprocess(image(inkOnPaper), spec, null, InvertMode.ALWAYS);

            for (int i = 0; i < never.length; i++) {
                assertThat(always[i]).isCloseTo(255 - never[i], within(EPS));
            }
            assertThat(at(never, 28, 1, 0, 0, 0)).isCloseTo(255f, within(EPS));
        }

        @Test
        void invertedValuesAreScaledAfterwards() {
            InputSpec mnist = new InputSpec(28, 28, 1, ResizeMode.PAD, InvertMode.AUTO, 1.0 / 255);

            float[] out = preprocessor.preprocess(image(inkOnPaper), mnist);

            assertThat(max(out)).isLessThanOrEqualTo(1f).isGreaterThan(0.8f);
            assertThat(at(out, 28, 1, 0, 0, 0)).isCloseTo(0f, within(1e-6f));
        }

        @Test
        void transparentBackgroundCountsAsPaper() {
            BufferedImage inkOnNothing = TestImages.digit('7', 56, 56, Color.BLACK, new Color(0, 0, 0, 0));
            InputSpec spec = grey(28, 28, ResizeMode.STRETCH);

            float[] transparent = preprocessor.preprocess(image(inkOnNothing), spec, null, InvertMode.AUTO);
            float[] white = preprocessor.preprocess(image(inkOnPaper), spec, null, InvertMode.AUTO);

            assertThat(transparent).containsExactly(white, within(0.5f));
        }
    }

    @Nested
    class Resizing {

        @Test
        void stretchFillsTheInputAndChangesTheAspectRatio() {
            float[] out = preprocessor.preprocess(image(TestImages.halves(40, 20, BLACK, WHITE)),
                    grey(10, 10, ResizeMode.STRETCH));

            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 4; x++) {
                    assertThat(at(out, 10, 1, x, y, 0)).as("x=%d y=%d", x, y).isCloseTo(0f, within(EPS));
                    assertThat(at(out, 10, 1, 9 - x, y, 0)).as("x=%d y=%d", 9 - x, y).isCloseTo(255f, within(EPS));
                }
                // The boundary column pair straddles the edge symmetrically.
                assertThat(at(out, 10, 1, 4, y, 0) + at(out, 10, 1, 5, y, 0)).isCloseTo(255f, within(0.01f));
            }
        }

        @Test
        void centerCropKeepsTheMiddleOfAWideImage() {
            BufferedImage thirds = new BufferedImage(60, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 60; x++) {
                    thirds.setRGB(x, y, x < 20 ? RED : x < 40 ? GREEN : BLUE);
                }
            }

            float[] out = preprocessor.preprocess(image(thirds), rgb(8, 8, ResizeMode.CENTER_CROP));

            for (int p = 0; p < 64; p++) {
                assertThat(out[p * 3]).isCloseTo(0f, within(EPS));
                assertThat(out[p * 3 + 1]).isCloseTo(255f, within(EPS));
                assertThat(out[p * 3 + 2]).isCloseTo(0f, within(EPS));
            }
        }

        @Test
        void centerCropKeepsTheMiddleOfATallImage() {
            BufferedImage thirds = new BufferedImage(20, 60, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 60; y++) {
                for (int x = 0; x < 20; x++) {
                    thirds.setRGB(x, y, y < 20 ? BLACK : y < 40 ? WHITE : BLACK);
                }
            }

            float[] out = preprocessor.preprocess(image(thirds), grey(5, 5, ResizeMode.CENTER_CROP));

            assertThat(min(out)).isCloseTo(255f, within(EPS));
        }

        @Test
        void padFitsTheWholeImageAndFillsWithItsBackground() {
            // 40x20, black 1-pixel frame around white: background (border) is black.
            BufferedImage framed = TestImages.solid(40, 20, WHITE);
            for (int x = 0; x < 40; x++) {
                framed.setRGB(x, 0, BLACK);
                framed.setRGB(x, 19, BLACK);
            }
            for (int y = 0; y < 20; y++) {
                framed.setRGB(0, y, BLACK);
                framed.setRGB(39, y, BLACK);
            }

            float[] out = preprocessor.preprocess(image(framed), grey(10, 10, ResizeMode.PAD));

            // Fitted to 10x5, placed on rows 2..6.
            for (int x = 0; x < 10; x++) {
                for (int y : new int[] {0, 1, 7, 8, 9}) {
                    assertThat(at(out, 10, 1, x, y, 0)).as("pad at x=%d y=%d", x, y).isCloseTo(0f, within(EPS));
                }
            }
            assertThat(at(out, 10, 1, 5, 4, 0)).isCloseTo(255f, within(EPS));
            assertThat(at(out, 10, 1, 5, 2, 0)).isBetween(1f, 254f);
        }

        @Test
        void padOfADigitOnPaperIsPaperThenInvertedLikeTheDigitsBackground() {
            BufferedImage wide = TestImages.digit('1', 100, 50, Color.BLACK, Color.WHITE);
            InputSpec spec = grey(28, 28, ResizeMode.PAD);

            float[] plain = preprocessor.preprocess(image(wide), spec, null, InvertMode.NEVER);
            float[] inverted = preprocessor.preprocess(image(wide), spec, null, InvertMode.AUTO);

            // 100x50 fits as 28x14 on rows 7..20.
            assertThat(at(plain, 28, 1, 14, 0, 0)).isCloseTo(255f, within(EPS));
            assertThat(at(plain, 28, 1, 14, 27, 0)).isCloseTo(255f, within(EPS));
            assertThat(at(inverted, 28, 1, 14, 0, 0)).isCloseTo(0f, within(EPS));
            assertThat(min(plain)).isLessThan(100f);
        }

        @Test
        void downscalingAveragesInsteadOfAliasing() {
            // Two-pixel stripes: nearest-neighbour or 2x2 bilinear sampling would give 0 or 255.
            BufferedImage stripes = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 100; x++) {
                    stripes.setRGB(x, y, x % 4 < 2 ? BLACK : WHITE);
                }
            }

            float[] out = preprocessor.preprocess(image(stripes), grey(10, 10, ResizeMode.STRETCH));

            for (float v : out) {
                assertThat(v).isCloseTo(127.5f, within(12f));
            }
        }

        @Test
        void upscalingInterpolatesBilinearly() {
            float[] out = preprocessor.preprocess(image(TestImages.halves(2, 1, BLACK, WHITE)),
                    grey(1, 4, ResizeMode.STRETCH));

            // 63.75 and 191.25 before rounding to 8 bits.
            assertThat(out).containsExactly(0f, 64f, 191f, 255f);
        }

        @Test
        void pixelsAreTheRoundedValuesThatScaleToTrainingsFloats() {
            BufferedImage ramp = new BufferedImage(256, 1, BufferedImage.TYPE_BYTE_GRAY);
            for (int x = 0; x < 256; x++) {
                ramp.getRaster().setSample(x, 0, 0, x);
            }
            byte[] pixels = preprocessor.pixels(image(ramp), 1, 256, 1, ResizeMode.STRETCH);
            float[] scaled = preprocessor.preprocess(image(ramp), new InputSpec(1, 256, 1, ResizeMode.STRETCH,
                    1.0 / 255));

            for (int v = 0; v < 256; v++) {
                assertThat(pixels[v] & 0xFF).isEqualTo(v);
                // Bit for bit what training computes from a stored byte.
                assertThat(Float.floatToIntBits(scaled[v])).as("value %d", v).isEqualTo(Float.floatToIntBits(v / 255f));
            }
        }

        @Test
        void nullResizeMeansTheModelsDefault() {
            DecodedImage wide = image(TestImages.halves(40, 20, BLACK, WHITE));
            InputSpec padByDefault = grey(10, 10, ResizeMode.PAD);

            assertThat(preprocessor.preprocess(wide, padByDefault, null, null))
                    .containsExactly(preprocessor.preprocess(wide, padByDefault, ResizeMode.PAD, InvertMode.NEVER),
                            within(EPS))
                    .isNotEqualTo(preprocessor.preprocess(wide, padByDefault, ResizeMode.STRETCH, null));
        }
    }

    @Nested
    class Batches {

        @Test
        void imagesFollowEachOtherInListOrder() {
            InputSpec spec = rgb(4, 4, ResizeMode.STRETCH);
            DecodedImage red = image(TestImages.solid(8, 8, RED));
            DecodedImage blue = image(TestImages.solid(5, 9, BLUE));

            float[] batch = new float[2 * spec.size()];
            preprocessor.preprocessInto(red, spec, null, null, batch, 0);
            preprocessor.preprocessInto(blue, spec, null, null, batch, spec.size());

            assertThat(batch).hasSize(2 * spec.size());
            float[] second = new float[spec.size()];
            System.arraycopy(batch, spec.size(), second, 0, spec.size());
            assertThat(second).containsExactly(preprocessor.preprocess(blue, spec), within(EPS));
            assertThat(batch[0]).isCloseTo(255f, within(EPS));
            assertThat(batch[spec.size() + 2]).isCloseTo(255f, within(EPS));
        }
    }

    @Nested
    class Validation {

        @Test
        void inputSpecRefusesWhatNoModelTakes() {
            assertThatThrownBy(() -> new InputSpec(28, 28, 2, ResizeMode.PAD, 1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
            assertThatThrownBy(() -> new InputSpec(0, 28, 1, ResizeMode.PAD, 1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("height");
            assertThatThrownBy(() -> new InputSpec(28, 28, 1, ResizeMode.PAD, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        }

        @Test
        void modesParseFromRequestParameters() {
            assertThat(ResizeMode.fromParameter("centerCrop")).isEqualTo(ResizeMode.CENTER_CROP);
            assertThat(ResizeMode.fromParameter("CENTER_CROP")).isEqualTo(ResizeMode.CENTER_CROP);
            assertThat(ResizeMode.fromParameter("pad")).isEqualTo(ResizeMode.PAD);
            assertThat(InvertMode.fromParameter("auto")).isEqualTo(InvertMode.AUTO);
            assertThat(InvertMode.fromParameter("true")).isEqualTo(InvertMode.ALWAYS);
            assertThatThrownBy(() -> ResizeMode.fromParameter("squash"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[stretch, centerCrop, pad]");
            assertThatThrownBy(() -> InvertMode.fromParameter("maybe"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invert");
        }
    }

    @Nested
    class FromEncodedFiles {

        private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        private final InputSpec mnist = new InputSpec(28, 28, 1, ResizeMode.PAD, InvertMode.AUTO, 1.0 / 255);

        @Test
        void digitScansInEveryFormatLookLikeMnist() {
            BufferedImage scan = TestImages.digit('4', 300, 200, Color.BLACK, Color.WHITE);
            BufferedImage transparent = TestImages.digit('4', 300, 200, Color.BLACK, new Color(0, 0, 0, 0));
            float[] reference = preprocessor.preprocess(image(scan), mnist);

            for (byte[] file : List.of(TestImages.encode(scan, "png"), TestImages.encode(transparent, "png"),
                    TestImages.jpeg(scan, false), TestImages.jpeg(scan, true),
                    TestImages.encode(TestImages.opaque(scan), "bmp"),
                    TestImages.encode(TestImages.opaque(scan), "gif"))) {
                float[] out = preprocessor.preprocess(decoder.decode(file), mnist);

                assertThat(out).containsExactly(reference, within(0.05f));
                assertThat(at(out, 28, 1, 0, 0, 0)).isCloseTo(0f, within(0.02f));
            }
            assertThat(max(reference)).isGreaterThan(0.8f);
        }
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }
}
