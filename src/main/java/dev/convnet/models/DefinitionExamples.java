package dev.convnet.models;

/** Request examples for Swagger UI: "Try it out" works with them unchanged. */
final class DefinitionExamples {

    static final String LENET5 = """
            {
              "name": "lenet5",
              "inputShape": [28, 28, 1],
              "layers": [
                {"type": "conv2d", "filters": 6, "kernelSize": [5, 5], "strides": [1, 1], "padding": "same", "activation": "tanh"},
                {"type": "averagePooling2d", "poolSize": [2, 2], "strides": [1, 1], "padding": "valid"},
                {"type": "conv2d", "filters": 16, "kernelSize": [5, 5], "padding": "valid", "activation": "tanh"},
                {"type": "averagePooling2d", "poolSize": [2, 2], "strides": [2, 2], "padding": "valid"},
                {"type": "conv2d", "filters": 120, "kernelSize": [5, 5], "padding": "valid", "activation": "tanh"},
                {"type": "flatten"},
                {"type": "dense", "units": 84, "activation": "tanh"},
                {"type": "dense", "units": 10, "activation": "softmax"}
              ],
              "loss": "categorical_crossentropy"
            }""";

    static final String DETECTOR = """
            {
              "name": "detector",
              "inputShape": [8, 8, 1],
              "layers": [
                {"type": "conv2d", "filters": 1, "kernelSize": [3, 3], "activation": "relu"},
                {"type": "globalMaxPooling2d"}
              ]
            }""";

    static final String DETECTOR_KERAS_JSON = """
            {
              "class_name": "Sequential",
              "config": {
                "name": "sequential",
                "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 1], "dtype": "float32", "name": "conv2d_input"}},
                  {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32", "filters": 1,
                    "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
                    "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true}},
                  {"class_name": "GlobalMaxPooling2D", "config": {"name": "global_max_pooling2d", "trainable": true,
                    "dtype": "float32", "data_format": "channels_last", "keepdims": false}}
                ]
              },
              "keras_version": "2.11.0",
              "backend": "tensorflow"
            }""";

    private DefinitionExamples() {
    }
}
