package dev.convnet.support;

import dev.convnet.common.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.DataType;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * Keras 2 HDF5 model files written the way {@code model.save("m.h5")} lays them out, with the HDF5 library
 * DL4J bundles (there is no Keras here): root attributes {@code model_config} (JSON, fixed-length string, as
 * h5py stores Python bytes), {@code keras_version} and {@code backend} (variable-length strings), and the
 * weights under {@code model_weights/<layer>/<layer>/<name>:0} in Keras layouts.
 */
public final class KerasHdf5Files {

    /** {@code declaredShape}: a dataset of that shape with no values written (HDF5 allocates its storage lazily). */
    public record Weight(String layer, String name, Tensor value, long[] declaredShape) {

        public Weight(String layer, String name, Tensor value) {
            this(layer, name, value, null);
        }
    }

    /**
     * A Keras 2.13 {@code to_json()}-style config of Sequential([Input((5, 4, 2)), Conv2D(2, 3, relu), Flatten(),
     * Dense(3, softmax)]), with the initializer noise real files carry (it is longer than DL4J's first
     * 2048-byte attribute buffer, so that its re-read path is exercised too).
     */
    public static final String CONV_FLATTEN_DENSE_CONFIG = """
            {"class_name": "Sequential", "config": {"name": "small_cnn", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 4, 2],
                "dtype": "float32", "sparse": false, "ragged": false, "name": "conv2d_input"}, "registered_name": null},
              {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true,
                "dtype": "float32", "batch_input_shape": [null, 5, 4, 2], "filters": 2, "kernel_size": [3, 3],
                "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
                "groups": 1, "activation": "relu", "use_bias": true,
                "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                  "config": {"seed": null}, "registered_name": null},
                "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                  "registered_name": null},
                "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
                "kernel_constraint": null, "bias_constraint": null}, "registered_name": null,
                "build_config": {"input_shape": [null, 5, 4, 2]}},
              {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true,
                "dtype": "float32", "data_format": "channels_last"}, "registered_name": null,
                "build_config": {"input_shape": [null, 3, 2, 2]}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
                "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true,
                "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                  "config": {"seed": null}, "registered_name": null},
                "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                  "registered_name": null},
                "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
                "kernel_constraint": null, "bias_constraint": null}, "registered_name": null,
                "build_config": {"input_shape": [null, 12]}}]},
             "keras_version": "2.13.1", "backend": "tensorflow"}""";

    public static final String TRAINING_CONFIG = """
            {"loss": "categorical_crossentropy", "metrics": [[{"class_name": "MeanMetricWrapper",
             "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]],
             "weighted_metrics": null, "loss_weights": null,
             "optimizer_config": {"class_name": "Custom>SGD", "config": {"name": "SGD", "learning_rate": 0.01}}}""";

    private KerasHdf5Files() {
    }

    /** The four arrays of {@link #CONV_FLATTEN_DENSE_CONFIG}, random, in Keras layouts. */
    public static Map<String, Tensor> convFlattenDenseWeights(long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("conv2d/kernel", uniform(random, 3, 3, 2, 2));
        weights.put("conv2d/bias", uniform(random, 2));
        weights.put("dense/kernel", uniform(random, 12, 3));
        weights.put("dense/bias", uniform(random, 3));
        return weights;
    }

    public static byte[] convFlattenDenseFile(Map<String, Tensor> weights) {
        return write(CONV_FLATTEN_DENSE_CONFIG, "2.13.1", TRAINING_CONFIG, weights.entrySet().stream()
                .map(e -> new Weight(e.getKey().split("/")[0], e.getKey().split("/")[1], e.getValue())).toList());
    }

    /** The file of {@link #convFlattenDenseFile} whose dense kernel declares {@code shape} and holds no values. */
    public static byte[] convFlattenDenseFileDeclaringDenseKernel(long... shape) {
        Map<String, Tensor> weights = convFlattenDenseWeights(1);
        List<Weight> list = weights.entrySet().stream().map(e -> {
            String[] key = e.getKey().split("/");
            return e.getKey().equals("dense/kernel") ? new Weight(key[0], key[1], null, shape)
                    : new Weight(key[0], key[1], e.getValue());
        }).toList();
        return write(CONV_FLATTEN_DENSE_CONFIG, "2.13.1", TRAINING_CONFIG, list);
    }

    /** {@code modelConfig} null: a weights-only file, as {@code model.save_weights("w.h5")} writes. */
    public static byte[] write(String modelConfig, String kerasVersion, String trainingConfig, List<Weight> weights) {
        try {
            Path file = Files.createTempFile("keras2-", ".h5");
            try {
                synchronized (Hdf5Archive.LOCK_OBJECT) { // the HDF5 library is not thread-safe
                    writeTo(file, modelConfig, kerasVersion, trainingConfig, weights);
                }
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTo(Path path, String modelConfig, String kerasVersion, String trainingConfig, List<Weight> weights) {
        H5File file = new H5File(path.toString(), hdf5.H5F_ACC_TRUNC());
        try {
            if (modelConfig != null) {
                fixedString(file, "model_config", modelConfig);
            }
            if (trainingConfig != null) {
                fixedString(file, "training_config", trainingConfig);
            }
            variableString(file, "keras_version", kerasVersion);
            variableString(file, "backend", "tensorflow");
            Group modelWeights = file.createGroup("model_weights");
            // every object must be closed, or closing the file leaves it open and unfinished
            Map<String, Group> layers = new LinkedHashMap<>();
            Map<String, Group> scopes = new LinkedHashMap<>();
            for (Weight weight : weights) {
                Group scope = scopes.computeIfAbsent(weight.layer(),
                        layer -> layers.computeIfAbsent(layer, modelWeights::createGroup).createGroup(layer));
                long[] shape = weight.declaredShape() != null ? weight.declaredShape()
                        : Arrays.stream(weight.value().shape()).asLongStream().toArray();
                DataType floats = new DataType(PredType.NATIVE_FLOAT());
                DataSet dataset = scope.createDataSet(weight.name() + ":0", floats, new DataSpace(shape.length, shape));
                if (weight.declaredShape() == null) {
                    dataset.write(new FloatPointer(weight.value().data()), floats);
                }
                dataset._close();
            }
            scopes.values().forEach(Group::_close);
            layers.values().forEach(Group::_close);
            modelWeights._close();
        } finally {
            file._close();
        }
    }

    private static void fixedString(H5Object target, String name, String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StrType type = new StrType(PredType.C_S1(), bytes.length);
        Attribute attribute = target.createAttribute(name, type, new DataSpace(hdf5.H5S_SCALAR));
        attribute.write(type, value);
        attribute._close();
    }

    private static void variableString(H5Object target, String name, String value) {
        StrType type = new StrType(PredType.C_S1(), hdf5.H5T_VARIABLE());
        Attribute attribute = target.createAttribute(name, type, new DataSpace(hdf5.H5S_SCALAR));
        attribute.write(type, value);
        attribute._close();
    }

    private static Tensor uniform(Random random, int... shape) {
        float[] values = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return new Tensor(shape, values);
    }
}
