package dev.convnet.definition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape of the tensor between two layers, without the batch dimension: either spatial (height, width,
 * channels, Keras's channels-last) or flat (features). A flat shape remembers the spatial shape it was
 * flattened from, because weights after a Flatten are laid out differently in Keras (HWC) and DL4J (CHW).
 */
public record TensorShape(int[] dims, InputShape flattenedFrom) {

    public static TensorShape spatial(int height, int width, int channels) {
        return new TensorShape(new int[] {height, width, channels}, null);
    }

    public static TensorShape flat(int features, InputShape flattenedFrom) {
        return new TensorShape(new int[] {features}, flattenedFrom);
    }

    public boolean isSpatial() {
        return dims.length == 3;
    }

    public int height() { return dims[0]; }

    public int width() { return dims[1]; }

    /** Channels of a spatial tensor, features of a flat one: the axis Keras's per-unit layers act on. */
    public int lastAxis() {
        return dims[dims.length - 1];
    }

    public int size() {
        return Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    }

    /** {@link #size()} without overflow. */
    public long elements() {
        return Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> a * b);
    }

    public InputShape asInputShape() {
        return new InputShape(dims[0], dims[1], dims[2]);
    }

    /** Keras's notation with a {@code null} batch dimension, e.g. [null, 6, 6, 1]. */
    public List<Integer> withBatch() {
        List<Integer> shape = new ArrayList<>();
        shape.add(null);
        Arrays.stream(dims).forEach(shape::add);
        return shape;
    }

    /** As Keras prints it: (None, 6, 6, 1). */
    public String kerasText() {
        StringBuilder text = new StringBuilder("(None");
        for (int d : dims) {
            text.append(", ").append(d);
        }
        return text.append(dims.length == 0 ? ",)" : ")").toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorShape that && Arrays.equals(dims, that.dims)
                && java.util.Objects.equals(flattenedFrom, that.flattenedFrom);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + java.util.Objects.hashCode(flattenedFrom);
    }

    @Override
    public String toString() {
        return kerasText();
    }
}
