package dev.convnet.image;

/**
 * Separable resampling with a triangle (bilinear) filter whose support widens with the downscale
 * factor, the scheme of Pillow's {@code resize(..., BILINEAR)}: upscaling interpolates between the two
 * nearest pixels, downscaling averages every source pixel under the output pixel, so thin strokes
 * survive and fine patterns do not alias. Written here rather than taken from Java2D because its
 * bilinear hint samples only 2x2 pixels when shrinking (aliasing), its area-averaging filter is a slow
 * producer/consumer pipeline, and both work on 8-bit premultiplied pixels where we need float channels
 * that are already composited and converted.
 */
final class Resampler {

    /** Reads {@code length} pixels of row {@code y} from column {@code x} as interleaved float channels. */
    interface RowSource {
        void read(int y, int x, int length, float[] dst);
    }

    /**
     * Filter taps along one axis: output i reads {@code count[i]} pixels from {@code first[i]}. {@code identity}
     * when output i is exactly source pixel {@code first[0] + i} (same size, whole-pixel offset).
     */
    record Taps(int[] first, int[] count, float[] weights, int maxCount, boolean identity) {

        int lowest() {
            return first[0];
        }

        int highestExclusive() {
            int end = 0;
            for (int i = 0; i < first.length; i++) {
                end = Math.max(end, first[i] + count[i]);
            }
            return end;
        }
    }

    private Resampler() {
    }

    /**
     * Taps mapping the source span [start, start + size) (fractional for centre crops) onto {@code outSize}
     * pixels, never reading outside [clampStart, clampEnd).
     */
    static Taps taps(double start, double size, int outSize, int clampStart, int clampEnd) {
        double scale = size / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // triangle of radius 1, stretched when shrinking
        int maxCount = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        float[] weights = new float[outSize * maxCount];
        for (int i = 0; i < outSize; i++) {
            double center = start + (i + 0.5) * scale;
            int lo = Math.max(clampStart, (int) Math.floor(center - support + 0.5));
            int hi = Math.min(clampEnd, (int) Math.floor(center + support + 0.5));
            hi = Math.min(hi, lo + maxCount);
            double total = 0;
            for (int j = lo; j < hi; j++) {
                double w = triangle((j + 0.5 - center) / filterScale);
                weights[i * maxCount + j - lo] = (float) w;
                total += w;
            }
            if (total == 0) {
                // Nothing under the filter (a sliver at the clamp edge): take the nearest pixel.
                lo = Math.min(Math.max((int) Math.floor(center), clampStart), clampEnd - 1);
                hi = lo + 1;
                weights[i * maxCount] = 1f;
                total = 1;
            }
            for (int j = 0; j < hi - lo; j++) {
                weights[i * maxCount + j] /= (float) total;
            }
            first[i] = lo;
            count[i] = hi - lo;
        }
        boolean identity = size == outSize && start == Math.rint(start)
                && start >= clampStart && start + size <= clampEnd;
        return new Taps(first, count, weights, maxCount, identity);
    }

    /** Resamples the source through {@code xTaps} and {@code yTaps} into a new height x width x channels array. */
    static float[] resample(RowSource source, int channels, Taps xTaps, Taps yTaps) {
        int outWidth = xTaps.first().length;
        int outHeight = yTaps.first().length;
        if (xTaps.identity() && yTaps.identity()) {
            // Already the input size (the usual upload): the filter would multiply every pixel by 1 and its
            // neighbour by 0, which was 18% of the HTTP threads' time under load (docs/BENCHMARKS.md).
            float[] out = new float[outHeight * outWidth * channels];
            float[] row = new float[outWidth * channels];
            for (int y = 0; y < outHeight; y++) {
                source.read(yTaps.lowest() + y, xTaps.lowest(), outWidth, row);
                System.arraycopy(row, 0, out, y * row.length, row.length);
            }
            return out;
        }
        int x0 = xTaps.lowest();
        int sourceWidth = xTaps.highestExclusive() - x0;
        int y0 = yTaps.lowest();
        int sourceHeight = yTaps.highestExclusive() - y0;

        // Horizontal pass, one source row at a time, so the full-size image never exists as floats.
        float[] row = new float[sourceWidth * channels];
        float[] narrowed = new float[sourceHeight * outWidth * channels];
        for (int y = 0; y < sourceHeight; y++) {
            source.read(y0 + y, x0, sourceWidth, row);
            int base = y * outWidth * channels;
            for (int x = 0; x < outWidth; x++) {
                int from = xTaps.first()[x] - x0;
                int tapBase = x * xTaps.maxCount();
                for (int c = 0; c < channels; c++) {
                    float sum = 0;
                    for (int t = 0; t < xTaps.count()[x]; t++) {
                        sum += xTaps.weights()[tapBase + t] * row[(from + t) * channels + c];
                    }
                    narrowed[base + x * channels + c] = sum;
                }
            }
        }

        float[] out = new float[outHeight * outWidth * channels];
        int rowLength = outWidth * channels;
        for (int y = 0; y < outHeight; y++) {
            int from = yTaps.first()[y] - y0;
            int tapBase = y * yTaps.maxCount();
            for (int t = 0; t < yTaps.count()[y]; t++) {
                float w = yTaps.weights()[tapBase + t];
                int src = (from + t) * rowLength;
                int dst = y * rowLength;
                for (int k = 0; k < rowLength; k++) {
                    out[dst + k] += w * narrowed[src + k];
                }
            }
        }
        return out;
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1 ? 1 - a : 0;
    }
}
