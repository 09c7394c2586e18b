package dev.convnet.dataset.augment;

import java.util.SplittableRandom;

/** The order in which one epoch visits examples {@code 0 .. count-1}, and the seed each epoch derives it from. */
public final class EpochOrder {

    private EpochOrder() {
    }

    /** A well-mixed seed for epoch {@code epoch} of a job seeded with {@code seed}. */
    public static long seed(long seed, int epoch) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L))).nextLong();
    }

    /** {@code 0 .. count-1}, shuffled (Fisher-Yates) when {@code shuffle} is set. */
    static int[] of(int count, boolean shuffle, SplittableRandom random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = count - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return order;
    }
}
