package dev.convnet.definition;

/**
 * One layer of a Sequential definition, with every Keras default already applied. The {@code type}
 * values are this API's names; {@link #kerasType()} is the Keras class name shown in summaries.
 */
public sealed interface LayerSpec
        permits LayerSpec.Conv2D, LayerSpec.Pooling2D, LayerSpec.GlobalPooling2D, LayerSpec.Flatten,
                LayerSpec.Dense, LayerSpec.Dropout, LayerSpec.ActivationLayer, LayerSpec.BatchNormalization {

    String name();

    String type();

    String kerasType();

    enum PoolingKind { MAX, AVERAGE }

    record Conv2D(String name, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                  Padding padding, Activation activation, boolean useBias) implements LayerSpec {
        public String type() { return "conv2d"; }
        public String kerasType() { return "Conv2D"; }
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

    record Dense(String name, int units, Activation activation, boolean useBias) implements LayerSpec {
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
}
