package dev.convnet.image;

import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResamplerTest {

    private static final int WIDTH = 7;
    private static final int HEIGHT = 5;
    private static final int CHANNELS = 3;

    private final float[] pixels = randomPixels();

    @Test
    void tapsAreIdentityOnlyForSameSizeAtWholePixelOffsets() {
        assertThat(Resampler.taps(0, WIDTH, WIDTH, 0, WIDTH).identity()).isTrue();
        assertThat(Resampler.taps(2, 4, 4, 0, WIDTH).identity()).isTrue();
        assertThat(Resampler.taps(0.5, 4, 4, 0, WIDTH).identity()).isFalse();
        assertThat(Resampler.taps(0, WIDTH, WIDTH - 1, 0, WIDTH).identity()).isFalse();
        assertThat(Resampler.taps(0, WIDTH, WIDTH + 1, 0, WIDTH).identity()).isFalse();
    }

    @Test
    void sameSizeCopiesTheSourceExactly() {
        float[] out = Resampler.resample(this::read, CHANNELS, Resampler.taps(0, WIDTH, WIDTH, 0, WIDTH),
                Resampler.taps(0, HEIGHT, HEIGHT, 0, HEIGHT));

        assertThat(out).containsExactly(pixels);
    }

    @Test
    void sameSizeCropGivesWhatTheFilterGives() {
        Resampler.Taps x = Resampler.taps(2, 4, 4, 0, WIDTH);
        Resampler.Taps y = Resampler.taps(1, 3, 3, 0, HEIGHT);

        float[] fast = Resampler.resample(this::read, CHANNELS, x, y);
        float[] filtered = Resampler.resample(this::read, CHANNELS, filtered(x), filtered(y));

        assertThat(fast).containsExactly(filtered);
        assertThat(fast[0]).isEqualTo(pixels[(1 * WIDTH + 2) * CHANNELS]);
    }

    private static Resampler.Taps filtered(Resampler.Taps taps) {
        return new Resampler.Taps(taps.first(), taps.count(), taps.weights(), taps.maxCount(), false);
    }

    private void read(int y, int x, int length, float[] dst) {
        System.arraycopy(pixels, (y * WIDTH + x) * CHANNELS, dst, 0, length * CHANNELS);
    }

    private static float[] randomPixels() {
        Random random = new Random(5);
        float[] values = new float[WIDTH * HEIGHT * CHANNELS];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 255;
        }
        return values;
    }
}
