package bench;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Plain timing loops shared by the benchmarks: each figure is the median of many calls or seconds of work. */
public final class Timings {

    private Timings() {
    }

    /** Images per second over {@code batches} calls of 256 images, after one call of warm-up. */
    public static double throughput(DoubleSupplier call, int batches) {
        call.getAsDouble();
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            call.getAsDouble();
        }
        return batches * 256 / ((System.nanoTime() - start) / 1e9);
    }

    /** The median of {@code calls} timed calls, in milliseconds, after 20 of warm-up. */
    public static double medianMillis(DoubleSupplier call, int calls) {
        for (int i = 0; i < 20; i++) {
            call.getAsDouble();
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.getAsDouble();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[calls / 2];
    }

    /** The middle value (the upper one of an even count); the input is left as it is. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
