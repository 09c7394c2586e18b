package dev.convnet.definition;

/**
 * One layer of a definition, with every Keras default already applied. The {@code type}
 * values are this API's names; {@link #kerasType()} is the Keras class name shown in summaries.
 * {@code kernelL2} is Keras's {@code kernel_regularizer=L2(l2)}: {@code l2 * sum(kernel^2)} added to the loss.
 */
public sealed interface LayerSpec
        permits LayerSpec.Conv2D, LayerSpec.SeparableConv2D, LayerSpec.DepthwiseConv2D, LayerSpec.Pooling2D,
                LayerSpec.GlobalPooling2D, LayerSpec.Flatten, LayerSpec.Dense, LayerSpec.Dropout,
                LayerSpec.ActivationLayer, LayerSpec.BatchNormalization, LayerSpec.Add, LayerSpec.Concatenate {

    String name();

    String type();

    String kerasType();

    /** The L2 coefficient on this layer's kernels, 0 when none. */
    default double kernelL2() {
        return 0;
    }

    /** Merge layers take two or more inputs; every other layer exactly one. */
    default boolean merges() {
        return false;
    }

    enum PoolingKind { MAX, AVERAGE }

    /** What every convolution has: a kernel window slid with strides and padding, an activation, a bias or not. */
    interface Convolution {
        int kernelHeight();

        int kernelWidth();

        int strideHeight();

        int strideWidth();

        Padding padding();

        Activation activation();

        boolean useBias();
    }

    record Conv2D(String name, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                  Padding padding, Activation activation, boolean useBias, double kernelL2)
            implements LayerSpec, Convolution {
        public Conv2D(String name, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                      Padding padding, Activation activation, boolean useBias) {
            this(name, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, activation, useBias, 0);
        }
        public String type() { return "conv2d"; }
        public String kerasType() { return "Conv2D"; }
    }

    /** A depthwise conv ({@code depthMultiplier} filters per input channel), then a 1x1 conv to {@code filters}. */
    record SeparableConv2D(String name, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                           Padding padding, int depthMultiplier, Activation activation, boolean useBias, double kernelL2)
            implements LayerSpec, Convolution {
        public String type() { return "separableConv2d"; }
        public String kerasType() { return "SeparableConv2D"; }
    }

    /** Each input channel convolved on its own, {@code depthMultiplier} outputs per channel. */
    record DepthwiseConv2D(String name, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                           Padding padding, int depthMultiplier, Activation activation, boolean useBias, double kernelL2)
            implements LayerSpec, Convolution {
        public String type() { return "depthwiseConv2d"; }
        public String kerasType() { return "DepthwiseConv2D"; }
    }

    record Pooling2D(String name, PoolingKind kind, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                     Padding padding) implements LayerSpec {
        public String type() { return kind == PoolingKind.MAX ? "maxPooling2d" : "averagePooling2d"; }
        public String kerasType() { return kind == PoolingKind.MAX ? "MaxPooling2D" : "AveragePooling2D"; }
    }

    record GlobalPooling2D(String name, PoolingKind kind) implements LayerSpec {
        public String type() { return kind == PoolingKind.MAX ? "globalMaxPooling2d" : "globalAveragePooling2d"; }
        public String kerasType() { return kind == PoolingKind.MAX ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D"; }
    }

    record Flatten(String name) implements LayerSpec {
        public String type() { return "flatten"; }
        public String kerasType() { return "Flatten"; }
    }

    record Dense(String name, int units, Activation activation, boolean useBias, double kernelL2) implements LayerSpec {
        public Dense(String name, int units, Activation activation, boolean useBias) {
            this(name, units, activation, useBias, 0);
        }
        public String type() { return "dense"; }
        public String kerasType() { return "Dense"; }
    }

    /** {@code rate} is the fraction dropped, as in Keras (DL4J's argument is the fraction kept). */
    record Dropout(String name, double rate) implements LayerSpec {
        public String type() { return "dropout"; }
        public String kerasType() { return "Dropout"; }
    }

    record ActivationLayer(String name, Activation activation) implements LayerSpec {
        public String type() { return "activation"; }
        public String kerasType() { return "Activation"; }
    }

    /** Keras semantics: moving = moving * momentum + batch * (1 - momentum). */
    record BatchNormalization(String name, double momentum, double epsilon) implements LayerSpec {
        public String type() { return "batchNormalization"; }
        public String kerasType() { return "BatchNormalization"; }
    }

    /** Element-wise sum of inputs of one shape (a residual connection). */
    record Add(String name) implements LayerSpec {
        public String type() { return "add"; }
        public String kerasType() { return "Add"; }
        public boolean merges() { return true; }
    }

    /** Inputs joined along the channel (last) axis. */
    record Concatenate(String name) implements LayerSpec {
        public String type() { return "concatenate"; }
        public String kerasType() { return "Concatenate"; }
        public boolean merges() { return true; }
    }
}
