package dev.convnet.image;

import dev.convnet.image.InvalidImageException.Reason;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static dev.convnet.image.TestImages.BLACK;
import static dev.convnet.image.TestImages.BLUE;
import static dev.convnet.image.TestImages.GREEN;
import static dev.convnet.image.TestImages.RED;
import static dev.convnet.image.TestImages.WHITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @Nested
    class Formats {

        @Test
        void pngKeepsExactColoursInRgbOrder() {
            DecodedImage image = decoder.decode(TestImages.encode(TestImages.halves(20, 10, RED, BLUE), "png"));

            assertThat(image.format()).isEqualTo(ImageFormat.PNG);
            assertThat(image.width()).isEqualTo(20);
            assertThat(image.height()).isEqualTo(10);
            assertThat(image.argb(2, 5)).isEqualTo(RED);
            assertThat(image.argb(17, 5)).isEqualTo(BLUE);
        }

        @Test
        void jpegIsTurnedUprightByItsExifOrientation() {
            BufferedImage picture = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 12; x++) {
                    picture.setRGB(x, y, (20 * x) << 16 | (30 * y) << 8);
                }
            }
            byte[] plain = TestImages.jpeg(picture, false);
            DecodedImage stored = decoder.decode(plain);
            // Where stored pixel (x, y) of a 12x8 raster shows, per orientation 1-8 (the Exif specification's table).
            for (int orientation = 1; orientation <= 8; orientation++) {
                DecodedImage upright = decoder.decode(TestImages.withExifOrientation(plain, orientation));
                boolean swapped = orientation >= 5;
                assertThat(upright.width()).as("orientation %d", orientation).isEqualTo(swapped ? 8 : 12);
                assertThat(upright.height()).isEqualTo(swapped ? 12 : 8);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 12; x++) {
                        int[] at = switch (orientation) {
                            case 1 -> new int[] {x, y};
                            case 2 -> new int[] {11 - x, y};
                            case 3 -> new int[] {11 - x, 7 - y};
                            case 4 -> new int[] {x, 7 - y};
                            case 5 -> new int[] {y, x};
                            case 6 -> new int[] {7 - y, x};
                            case 7 -> new int[] {7 - y, 11 - x};
                            default -> new int[] {y, 11 - x};
                        };
                        assertThat(upright.argb(at[0], at[1])).as("orientation %d, stored %d,%d", orientation, x, y)
                                .isEqualTo(stored.argb(x, y));
                    }
                }
            }
        }

        @Test
        void aBrokenExifBlockLeavesTheJpegAsStored() {
            byte[] plain = TestImages.jpeg(TestImages.halves(12, 8, RED, BLUE), false);
            byte[] broken = TestImages.withExifOrientation(plain, 6);
            broken[12] = 'X'; // the TIFF byte order mark

            assertThat(decoder.decode(TestImages.withExifOrientation(plain, 6)).width()).isEqualTo(8);
            assertThat(decoder.decode(broken).width()).isEqualTo(12);
        }

        @Test
        void aHeaderCheckSeesTheStoredSizeAndItsRefusalReachesTheCaller() {
            byte[] png = TestImages.encode(TestImages.solid(12, 9, RED), "png");
            IllegalStateException refusal = new IllegalStateException("too big for this dataset");

            assertThatThrownBy(() -> decoder.decode(png, (width, height) -> {
                assertThat(width).isEqualTo(12);
                assertThat(height).isEqualTo(9);
                throw refusal;
            })).isSameAs(refusal);
        }

        @Test
        void pngKeepsAlpha() {
            BufferedImage picture = TestImages.solid(10, 10, 0x80000000);
            picture.setRGB(0, 0, 0x00FFFFFF);

            DecodedImage image = decoder.decode(TestImages.encode(picture, "png"));

            assertThat(image.hasAlpha()).isTrue();
            assertThat(image.argb(5, 5)).isEqualTo(0x80000000);
            assertThat(image.argb(0, 0) >>> 24).isZero();
        }

        @Test
        void greyPngReadsRawSamplesNotJavasLinearGreyConversion() {
            BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
            grey.getRaster().setSample(3, 4, 0, 128);
            BufferedImage grey16 = new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_GRAY);
            grey16.getRaster().setSample(3, 4, 0, 0x8080);

            assertThat(decoder.decode(TestImages.encode(grey, "png")).argb(3, 4)).isEqualTo(0xFF808080);
            assertThat(decoder.decode(TestImages.encode(grey16, "png")).argb(3, 4)).isEqualTo(0xFF808080);
        }

        @Test
        void baselineJpeg() {
            byte[] jpeg = TestImages.jpeg(TestImages.halves(32, 16, RED, BLUE), false);
            assertThat(TestImages.jpegMarker(jpeg, 0xC0)).as("baseline SOF0").isPositive();

            DecodedImage image = decoder.decode(jpeg);

            assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
            assertClose(image.argb(4, 8), RED, 12);
            assertClose(image.argb(28, 8), BLUE, 12);
        }

        @Test
        void progressiveJpeg() {
            byte[] jpeg = TestImages.jpeg(TestImages.halves(32, 16, RED, BLUE), true);
            assertThat(TestImages.jpegMarker(jpeg, 0xC2)).as("progressive SOF2").isPositive();

            DecodedImage image = decoder.decode(jpeg);

            assertClose(image.argb(4, 8), RED, 12);
            assertClose(image.argb(28, 8), BLUE, 12);
        }

        @Test
        void cmykJpeg() {
            DecodedImage image = decoder.decode(TestImages.adobeJpeg(false));

            assertClose(image.argb(4, 8), 0xFF00FFFF, 8);
            assertClose(image.argb(28, 8), BLACK, 8);
        }

        @Test
        void ycckJpeg() {
            DecodedImage image = decoder.decode(TestImages.adobeJpeg(true));

            assertClose(image.argb(4, 8), 0xFF00FFFF, 8);
            assertClose(image.argb(28, 8), BLACK, 8);
        }

        @Test
        void bmp() {
            DecodedImage image = decoder.decode(TestImages.encode(TestImages.halves(20, 10, GREEN, RED), "bmp"));

            assertThat(image.format()).isEqualTo(ImageFormat.BMP);
            assertThat(image.argb(2, 5)).isEqualTo(GREEN);
            assertThat(image.argb(17, 5)).isEqualTo(RED);
        }

        @Test
        void gifGivesItsFirstFrame() {
            byte[] gif = TestImages.animatedGif(TestImages.halves(16, 16, RED, RED),
                    TestImages.halves(16, 16, BLUE, BLUE));

            DecodedImage image = decoder.decode(gif);

            assertThat(image.format()).isEqualTo(ImageFormat.GIF);
            assertThat(image.argb(8, 8)).isEqualTo(RED);
        }

        @Test
        void losslessWebpWithTransparency() {
            ImageDecoder tinyImagesAllowed = new ImageDecoder(new ImageLimits(1_000, DataSize.ofKilobytes(1), 1, 2));

            DecodedImage image = tinyImagesAllowed.decode(TestImages.WEBP_LOSSLESS_QUADRANTS);

            assertThat(image.format()).isEqualTo(ImageFormat.WEBP);
            assertThat(image.argb(0, 0)).isEqualTo(RED);
            assertThat(image.argb(3, 0)).isEqualTo(GREEN);
            assertThat(image.argb(0, 3)).isEqualTo(BLUE);
            assertThat(image.argb(3, 3) >>> 24).isZero();
        }

        @Test
        void lossyWebp() {
            DecodedImage image = decoder.decode(TestImages.WEBP_LOSSY_HALVES);

            assertThat(image.width()).isEqualTo(16);
            assertClose(image.argb(2, 8), RED, 16);
            assertClose(image.argb(13, 8), BLUE, 16);
        }

        @Test
        void readsFromAStream() throws Exception {
            byte[] png = TestImages.encode(TestImages.halves(20, 10, RED, BLUE), "png");

            assertThat(decoder.decode(new ByteArrayInputStream(png)).argb(17, 5)).isEqualTo(BLUE);
        }
    }

    @Nested
    class Refusals {

        @Test
        void noBytes() {
            assertRefused(() -> decoder.decode(new byte[0]), Reason.EMPTY);
        }

        @Test
        void textIsNotAnImage() {
            assertRefused(() -> decoder.decode("{\"not\": \"an image\"}".getBytes(StandardCharsets.UTF_8)),
                    Reason.NOT_AN_IMAGE);
        }

        @Test
        void formatsOutsideTheAcceptedList() {
            byte[] tiff = TestImages.encode(TestImages.halves(20, 10, RED, BLUE), "tiff");

            assertRefused(() -> decoder.decode(tiff), Reason.UNSUPPORTED_FORMAT).hasMessageContaining("TIF");
        }

        @Test
        void pngCutInsideItsPixelData() {
            byte[] png = TestImages.encode(TestImages.digit('8', 120, 120, Color.BLACK, Color.WHITE), "png");

            assertRefused(() -> decoder.decode(Arrays.copyOf(png, png.length / 2)), Reason.TRUNCATED);
        }

        @Test
        void pngMissingOnlyItsEndChunkWhichImageIoWouldAccept() {
            byte[] png = TestImages.encode(TestImages.halves(20, 10, RED, BLUE), "png");

            assertRefused(() -> decoder.decode(Arrays.copyOf(png, png.length - 12)), Reason.TRUNCATED)
                    .hasMessageContaining("IEND");
        }

        @Test
        void jpegCutInsideItsScanWhichImageIoFillsWithGrey() {
            byte[] jpeg = TestImages.jpeg(TestImages.digit('8', 120, 120, Color.BLACK, Color.WHITE), false);

            assertRefused(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3)), Reason.TRUNCATED);
        }

        @Test
        void jpegMissingItsEndMarker() {
            byte[] jpeg = TestImages.jpeg(TestImages.halves(32, 16, RED, BLUE), false);

            assertRefused(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2)), Reason.TRUNCATED);
        }

        @Test
        void progressiveJpegCut() {
            byte[] jpeg = TestImages.jpeg(TestImages.digit('8', 120, 120, Color.BLACK, Color.WHITE), true);

            assertRefused(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3)), Reason.TRUNCATED);
        }

        @Test
        void bmpCut() {
            byte[] bmp = TestImages.encode(TestImages.halves(40, 40, RED, BLUE), "bmp");

            assertRefused(() -> decoder.decode(Arrays.copyOf(bmp, bmp.length * 3 / 4)), Reason.TRUNCATED);
        }

        @Test
        void gifCut() {
            byte[] gif = TestImages.encode(TestImages.opaque(
                    TestImages.digit('8', 120, 120, Color.BLACK, Color.WHITE)), "gif");

            assertRefused(() -> decoder.decode(Arrays.copyOf(gif, gif.length / 2)), Reason.TRUNCATED);
        }

        @Test
        void webpCutWhichTheReaderWouldDecodeToWrongPixels() {
            byte[] cut = Arrays.copyOf(TestImages.WEBP_LOSSLESS_QUADRANTS,
                    TestImages.WEBP_LOSSLESS_QUADRANTS.length - 10);

            assertRefused(() -> decoder.decode(cut), Reason.TRUNCATED);
        }

        @Test
        void pngWithoutPixels() {
            byte[] png = TestImages.png(0, 0, TestImages.blackScanlines(1, 1));

            assertRefused(() -> decoder.decode(png), Reason.ZERO_SIZE);
        }

        @Test
        void gifWithoutPixels() {
            assertRefused(() -> decoder.decode(TestImages.zeroSizeGif()), Reason.ZERO_SIZE);
        }

        @Test
        void pngDecompressionBombIsRefusedFromItsHeader() {
            // 57 bytes claiming 10^10 pixels: decoding would need 30 GB.
            byte[] bomb = TestImages.png(100_000, 100_000, TestImages.blackScanlines(1, 1));
            assertThat(bomb.length).isLessThan(100);

            assertRefused(() -> decoder.decode(bomb), Reason.TOO_MANY_PIXELS)
                    .hasMessageContaining("100000x100000")
                    .satisfies(e -> assertThat(((InvalidImageException) e).reason().exceedsSizeLimit()).isTrue());
        }

        @Test
        void jpegWhoseHeaderClaimsHugeDimensions() {
            byte[] jpeg = TestImages.jpeg(TestImages.halves(32, 16, RED, BLUE), false);
            int sof = TestImages.jpegMarker(jpeg, 0xC0);
            // SOF0: marker(2) length(2) precision(1) height(2) width(2)
            jpeg[sof + 5] = (byte) 0xEA;
            jpeg[sof + 6] = (byte) 0x60;
            jpeg[sof + 7] = (byte) 0xEA;
            jpeg[sof + 8] = (byte) 0x60;

            assertRefused(() -> decoder.decode(jpeg), Reason.TOO_MANY_PIXELS).hasMessageContaining("60000x60000");
        }

        @Test
        void pixelLimitIsConfigurable() {
            ImageDecoder strict = new ImageDecoder(new ImageLimits(199, DataSize.ofMegabytes(1), 1, 100));
            byte[] png = TestImages.encode(TestImages.halves(20, 10, RED, BLUE), "png");

            assertRefused(() -> strict.decode(png), Reason.TOO_MANY_PIXELS);
            assertThat(new ImageDecoder(new ImageLimits(200, DataSize.ofMegabytes(1), 1, 100)).decode(png).width())
                    .isEqualTo(20);
        }

        @Test
        void extremeAspectRatio() {
            byte[] line = TestImages.encode(TestImages.halves(100_000, 1, BLACK, WHITE), "png");

            assertRefused(() -> decoder.decode(line), Reason.EXTREME_ASPECT_RATIO).hasMessageContaining("100000x1");
        }

        @Test
        void tooSmall() {
            byte[] tiny = TestImages.encode(TestImages.halves(4, 4, BLACK, WHITE), "png");

            assertRefused(() -> decoder.decode(tiny), Reason.TOO_SMALL).hasMessageContaining("4x4");
        }

        @Test
        void tooManyBytes() {
            ImageDecoder strict = new ImageDecoder(new ImageLimits(1_000_000, DataSize.ofBytes(100), 1, 100));
            byte[] png = TestImages.encode(TestImages.digit('8', 120, 120, Color.BLACK, Color.WHITE), "png");
            assertThat(png.length).isGreaterThan(100);

            assertRefused(() -> strict.decode(png), Reason.TOO_MANY_BYTES)
                    .satisfies(e -> assertThat(((InvalidImageException) e).reason().exceedsSizeLimit()).isTrue());
        }

        @Test
        void endlessStreamIsReadOnlyUpToTheLimit() {
            ImageDecoder strict = new ImageDecoder(new ImageLimits(1_000_000, DataSize.ofBytes(1000), 1, 100));
            long[] served = {0};
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    served[0]++;
                    return 0x42;
                }
            };

            assertRefused(() -> strict.decode(endless), Reason.TOO_MANY_BYTES);
            assertThat(served[0]).isEqualTo(1001);
        }

        @Test
        void pngWithGarbageInsteadOfCompressedPixels() {
            byte[] garbage = "definitely not zlib data, just text".getBytes(StandardCharsets.US_ASCII);

            assertRefused(() -> decoder.decode(TestImages.png(16, 16, garbage)), Reason.CORRUPT);
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call)
                .isInstanceOf(InvalidImageException.class)
                .satisfies(e -> assertThat(((InvalidImageException) e).reason()).isEqualTo(reason));
    }

    private static void assertClose(int actual, int expected, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = (actual >> shift) & 0xFF;
            int e = (expected >> shift) & 0xFF;
            assertThat(Math.abs(a - e))
                    .as("channel at bit %d of %08x vs expected %08x", shift, actual, expected)
                    .isLessThanOrEqualTo(tolerance);
        }
        assertThat(actual >>> 24).isEqualTo(0xFF);
    }
}
