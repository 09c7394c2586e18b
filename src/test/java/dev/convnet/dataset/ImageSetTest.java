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
    }
}
