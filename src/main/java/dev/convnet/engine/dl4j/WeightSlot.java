package dev.convnet.engine.dl4j;

import java.util.Arrays;

/**
 * One entry of the list Keras's {@code model.get_weights()} returns: which layer it belongs to, its
 * Keras role ("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance") and its Keras shape.
 */
public record WeightSlot(int layerIndex, String layerName, String role, int[] shape, boolean trainable) {

    public String displayName() {
        return layerName + "/" + role;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WeightSlot that && layerIndex == that.layerIndex && role.equals(that.role)
                && layerName.equals(that.layerName) && Arrays.equals(shape, that.shape) && trainable == that.trainable;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layerIndex + role.hashCode()) + Arrays.hashCode(shape);
    }
}
