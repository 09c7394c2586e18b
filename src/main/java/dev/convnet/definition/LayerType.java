package dev.convnet.definition;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The layer types a definition may use, each with its Keras defaults. */
enum LayerType {
    CONV2D("conv2d", "conv2d") {
        LayerSpec read(String name, LayerFields f) {
            int filters = f.requiredPositiveInt("filters");
            int[] kernel = f.pair("kernelSize", null);
            int[] strides = f.pair("strides", new int[] {1, 1});
            Padding padding = f.option("padding", Padding.VALID, LayerType::padding, "valid, same");
            Activation activation = f.option("activation", Activation.LINEAR, Activation::parse, Activation.allowedValues());
            boolean useBias = f.bool("useBias", true);
            return new LayerSpec.Conv2D(name, filters, kernel[0], kernel[1], strides[0], strides[1], padding, activation,
                    useBias, f.kernelL2());
        }
    },
    SEPARABLE_CONV2D("separableConv2d", "separable_conv2d") {
        LayerSpec read(String name, LayerFields f) {
            int filters = f.requiredPositiveInt("filters");
            int[] kernel = f.pair("kernelSize", null);
            int[] strides = f.pair("strides", new int[] {1, 1});
            Padding padding = f.option("padding", Padding.VALID, LayerType::padding, "valid, same");
            int depthMultiplier = f.positiveInt("depthMultiplier", 1);
            Activation activation = f.option("activation", Activation.LINEAR, Activation::parse, Activation.allowedValues());
            boolean useBias = f.bool("useBias", true);
            return new LayerSpec.SeparableConv2D(name, filters, kernel[0], kernel[1], strides[0], strides[1], padding,
                    depthMultiplier, activation, useBias, f.kernelL2());
        }
    },
    DEPTHWISE_CONV2D("depthwiseConv2d", "depthwise_conv2d") {
        LayerSpec read(String name, LayerFields f) {
            int[] kernel = f.pair("kernelSize", null);
            int[] strides = f.pair("strides", new int[] {1, 1});
            Padding padding = f.option("padding", Padding.VALID, LayerType::padding, "valid, same");
            int depthMultiplier = f.positiveInt("depthMultiplier", 1);
            Activation activation = f.option("activation", Activation.LINEAR, Activation::parse, Activation.allowedValues());
            boolean useBias = f.bool("useBias", true);
            return new LayerSpec.DepthwiseConv2D(name, kernel[0], kernel[1], strides[0], strides[1], padding,
                    depthMultiplier, activation, useBias, f.kernelL2());
        }
    },
    MAX_POOLING2D("maxPooling2d", "max_pooling2d") {
        LayerSpec read(String name, LayerFields f) {
            return pooling(name, f, LayerSpec.PoolingKind.MAX);
        }
    },
    AVERAGE_POOLING2D("averagePooling2d", "average_pooling2d") {
        LayerSpec read(String name, LayerFields f) {
            return pooling(name, f, LayerSpec.PoolingKind.AVERAGE);
        }
    },
    GLOBAL_MAX_POOLING2D("globalMaxPooling2d", "global_max_pooling2d") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.GlobalPooling2D(name, LayerSpec.PoolingKind.MAX);
        }
    },
    GLOBAL_AVERAGE_POOLING2D("globalAveragePooling2d", "global_average_pooling2d") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.GlobalPooling2D(name, LayerSpec.PoolingKind.AVERAGE);
        }
    },
    FLATTEN("flatten", "flatten") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.Flatten(name);
        }
    },
    DENSE("dense", "dense") {
        LayerSpec read(String name, LayerFields f) {
            int units = f.requiredPositiveInt("units");
            Activation activation = f.option("activation", Activation.LINEAR, Activation::parse, Activation.allowedValues());
            return new LayerSpec.Dense(name, units, activation, f.bool("useBias", true), f.kernelL2());
        }
    },
    DROPOUT("dropout", "dropout") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.Dropout(name, f.number("rate", null, 0.0, 1.0, false));
        }
    },
    ACTIVATION("activation", "activation") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.ActivationLayer(name, f.option("activation", null, Activation::parse, Activation.allowedValues()));
        }
    },
    BATCH_NORMALIZATION("batchNormalization", "batch_normalization") {
        LayerSpec read(String name, LayerFields f) {
            double momentum = f.number("momentum", 0.99, 0.0, 1.0, true);
            double epsilon = f.number("epsilon", 0.001, 1e-12, 1.0, true);
            return new LayerSpec.BatchNormalization(name, momentum, epsilon);
        }
    },
    ADD("add", "add") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.Add(name);
        }
    },
    CONCATENATE("concatenate", "concatenate") {
        LayerSpec read(String name, LayerFields f) {
            return new LayerSpec.Concatenate(name);
        }
    };

    private final String apiName;
    private final String kerasBaseName;

    LayerType(String apiName, String kerasBaseName) {
        this.apiName = apiName;
        this.kerasBaseName = kerasBaseName;
    }

    abstract LayerSpec read(String name, LayerFields fields);

    String apiName() {
        return apiName;
    }

    /** Keras's automatic layer name stem, e.g. "max_pooling2d". */
    String kerasBaseName() {
        return kerasBaseName;
    }

    static Optional<LayerType> parse(String text) {
        String key = Activation.normalize(text);
        return Arrays.stream(values()).filter(t -> Activation.normalize(t.apiName).equals(key)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(LayerType::apiName).collect(Collectors.joining(", "));
    }

    private static LayerSpec pooling(String name, LayerFields f, LayerSpec.PoolingKind kind) {
        int[] pool = f.pair("poolSize", new int[] {2, 2});
        int[] strides = f.pair("strides", pool);
        Padding padding = f.option("padding", Padding.VALID, LayerType::padding, "valid, same");
        return new LayerSpec.Pooling2D(name, kind, pool[0], pool[1], strides[0], strides[1], padding);
    }

    private static Optional<Padding> padding(String text) {
        return Arrays.stream(Padding.values()).filter(p -> p.kerasName().equalsIgnoreCase(text)).findFirst();
    }
}
