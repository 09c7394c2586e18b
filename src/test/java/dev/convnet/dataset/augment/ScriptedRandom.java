package dev.convnet.dataset.augment;

import java.util.random.RandomGenerator;

/** Returns the given doubles in turn, so a test knows exactly what each draw was. */
final class ScriptedRandom implements RandomGenerator {

    private final double[] values;
    private int draws;

    ScriptedRandom(double... values) {
        this.values = values;
    }

    int draws() {
        return draws;
    }

    @Override
    public double nextDouble() {
        return values[draws++];
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("the augmenter should only draw doubles");
    }
}
