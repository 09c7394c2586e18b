package dev.convnet.definition;

/** Keras padding modes: "valid" keeps only full windows, "same" pads so that output = ceil(input / stride). */
public enum Padding {
    VALID,
    SAME;

    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int outputSize(int input, int window, int stride) {
        return this == SAME ? ceilDiv(input, stride) : ceilDiv(input - window + 1, stride);
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
