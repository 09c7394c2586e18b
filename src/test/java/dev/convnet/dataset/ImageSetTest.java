package dev.convnet.dataset;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageSetTest {

    /** Two 1x2 RGB images; image i, pixel p, channel c has value 100*i + 10*p + c. */
    private static ImageSet twoImages() {
        byte[] pixels = new byte[2 * 2 * 3];
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < 2; p++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(i * 2 + p) * 3 + c] = (byte) (100 * i + 10 * p + c);
                }
            }
        }
        return new ImageSet(2, 1, 2, 3, pixels, new int[] {2, 0}, List.of("a", "b", "c"));
    }

    @Test
    void fillFeaturesAndOneHotDividesBy255InNhwcAndOneHotEncodesTheGivenIndices() {
        ImageSet images = twoImages();
        float[] features = new float[12];
        float[] labels = new float[6];

        images.fillFeatures(new int[] {1, 0}, features, PixelLayout.NHWC);
        images.fillOneHot(new int[] {1, 0}, labels);

        assertThat(features[0]).isEqualTo(100 / 255f);
        assertThat(features[5]).isEqualTo(112 / 255f);
        assertThat(features[6]).isEqualTo(0f);
        assertThat(features[11]).isEqualTo(12 / 255f);
        assertThat(labels).containsExactly(1, 0, 0, 0, 0, 1);
    }

    @Test
    void fillFeaturesConvertsUnsignedBytes() {
        ImageSet white = new ImageSet(1, 1, 1, 1, new byte[] {(byte) 255}, new int[] {0}, List.of("x"));
        float[] features = new float[1];
        white.fillFeatures(new int[] {0}, features, PixelLayout.NHWC);
        assertThat(features[0]).isEqualTo(1f);
    }

    @Test
    void nchwLayoutPutsChannelPlanesFirst() {
        float[] features = new float[6];
        twoImages().fillFeatures(new int[] {1}, features, PixelLayout.NCHW);
        // channel 0 of pixels 0 and 1, then channel 1, then channel 2
        assertThat(features).containsExactly(100 / 255f, 110 / 255f, 101 / 255f, 111 / 255f, 102 / 255f, 112 / 255f);
    }

    @Test
    void subsetCopiesImagesAndLabelsInTheGivenOrder() {
        ImageSet subset = twoImages().subset(new int[] {1, 1});
        assertThat(subset.count()).isEqualTo(2);
        assertThat(subset.labels()).containsExactly(0, 0);
        assertThat(subset.pixels()[0]).isEqualTo((byte) 100);
        assertThat(subset.pixels()[6]).isEqualTo((byte) 100);
    }

    @Test
    void rejectsInconsistentContent() {
        assertThatThrownBy(() -> new ImageSet(2, 1, 1, 1, new byte[3], new int[2], List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixels has 3 bytes");
        assertThatThrownBy(() -> new ImageSet(1, 1, 1, 1, new byte[1], new int[] {1}, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 1");
        assertThatThrownBy(() -> twoImages().fillFeatures(new int[] {0}, new float[5], PixelLayout.NHWC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> twoImages().fillFeatures(new int[] {2}, new float[6], PixelLayout.NHWC))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
