package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Graph models as a user meets them over HTTP: a Keras functional {@code to_json()} posted unchanged, the ResNet-18
 * preset's summary, and a tiny residual graph trained for one epoch on a small MNIST subset, then used for
 * predictions, its weights read and written back in Keras's layouts.
 */
class ResidualGraphEndToEndTest extends PostgresIntegrationTest {

    /** What Keras 2.11's {@code model.to_json()} writes for a small residual network (initializers trimmed to their defaults). */
    static final String KERAS_FUNCTIONAL = """
            {"class_name": "Functional", "config": {"name": "tiny_resnet", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32",
                "sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
              {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32", "filters": 8,
                "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "data_format": "channels_last",
                "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                "bias_initializer": {"class_name": "Zeros", "config": {}},
                "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.0005}}, "bias_regularizer": null,
                "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
                "name": "conv2d", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
              {"class_name": "SeparableConv2D", "config": {"name": "separable_conv2d", "trainable": true, "dtype": "float32",
                "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last",
                "dilation_rate": [1, 1], "groups": 1, "activation": "linear", "use_bias": false, "depth_multiplier": 1,
                "depthwise_regularizer": null, "pointwise_regularizer": null},
                "name": "separable_conv2d", "inbound_nodes": [[["conv2d", 0, 0, {}]]]},
              {"class_name": "BatchNormalization", "config": {"name": "batch_normalization", "trainable": true,
                "dtype": "float32", "axis": [3], "momentum": 0.9, "epsilon": 0.001, "center": true, "scale": true},
                "name": "batch_normalization", "inbound_nodes": [[["separable_conv2d", 0, 0, {}]]]},
              {"class_name": "Add", "config": {"name": "add", "trainable": true, "dtype": "float32"}, "name": "add",
                "inbound_nodes": [[["batch_normalization", 0, 0, {}], ["conv2d", 0, 0, {}]]]},
              {"class_name": "Activation", "config": {"name": "activation", "trainable": true, "dtype": "float32",
                "activation": "relu"}, "name": "activation", "inbound_nodes": [[["add", 0, 0, {}]]]},
              {"class_name": "DepthwiseConv2D", "config": {"name": "depthwise_conv2d", "trainable": true, "dtype": "float32",
                "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "data_format": "channels_last",
                "dilation_rate": [1, 1], "activation": "relu", "use_bias": true, "depth_multiplier": 2,
                "depthwise_regularizer": null}, "name": "depthwise_conv2d", "inbound_nodes": [[["activation", 0, 0, {}]]]},
              {"class_name": "Concatenate", "config": {"name": "concatenate", "trainable": true, "dtype": "float32",
                "axis": -1}, "name": "concatenate", "inbound_nodes": [[["depthwise_conv2d", 0, 0, {}],
                ["depthwise_conv2d", 0, 0, {}]]]},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "global_average_pooling2d", "trainable": true,
                "dtype": "float32", "data_format": "channels_last", "keepdims": false},
                "name": "global_average_pooling2d", "inbound_nodes": [[["concatenate", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 10,
                "activation": "softmax", "use_bias": true, "kernel_regularizer": null}, "name": "dense",
                "inbound_nodes": [[["global_average_pooling2d", 0, 0, {}]]]}],
              "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]},
             "keras_version": "2.11.0", "backend": "tensorflow"}""";

    @Test
    void kerasFunctionalJsonIsAcceptedUnchanged() {
        ApiClient.Response created = api().post("/api/v1/models", KERAS_FUNCTIONAL);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode summary = created.json().get("summary");
        // conv 3*3*1*8+8; separable 3*3*8 + 8*8; batch norm 4*8; depthwise 3*3*8*2 + 16; dense 32*10 + 10
        long trainable = 80 + 72 + 64 + 16 + 144 + 16 + 330;
        assertThat(summary.get("trainableParams").longValue()).isEqualTo(trainable);
        assertThat(summary.get("nonTrainableParams").longValue()).isEqualTo(16);
        // Keras's functional model.layers: the InputLayer first, then the layers in their order
        assertThat(summary.at("/layers/0/type").stringValue()).isEqualTo("InputLayer");
        assertThat(summary.at("/layers/4/name").stringValue()).isEqualTo("add");
        assertThat(summary.at("/layers/4/outputShape").toString()).isEqualTo("[null,14,14,8]");
        assertThat(summary.at("/layers/4/connectedTo").toString()).isEqualTo("[\"batch_normalization[0][0]\",\"conv2d[0][0]\"]");
        assertThat(summary.at("/layers/7/outputShape").toString()).isEqualTo("[null,7,7,32]");
        assertThat(summary.at("/layers/7/connectedTo").toString())
                .isEqualTo("[\"depthwise_conv2d[0][0]\",\"depthwise_conv2d[0][0]\"]");
        String definition = api().get("/api/v1/models/" + created.json().get("id").stringValue()).body();
        assertThat(definition).contains("\"inputs\":[\"batch_normalization\",\"conv2d\"]", "\"kernelRegularizer\":{\"class_name\":\"L2\",\"config\":{\"l2\":5.0E-4}}");
    }

    @Test
    void resNet18PresetHasKerasCounts() {
        ApiClient.Response created = api().post("/api/v1/presets/resnet18-imagenet/models", "");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/summary/totalParams").longValue()).isEqualTo(11_699_112);
        assertThat(created.json().at("/summary/nonTrainableParams").longValue()).isEqualTo(9_600);
        String summary = "/api/v1/models/" + created.json().get("id").stringValue() + "/summary";
        ApiClient.Response text = api().get(summary, "text/plain");
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.body()).contains("Total params: 11,699,112", "Trainable params: 11,689,512", "Non-trainable params: 9,600");
        // Keras 2's functional table: line length 98, columns ending at 32, 53, 65, 98; a field one character short
        // of the next column, so the input's 21-character shape loses its closing bracket as in Keras.
        List<String> lines = text.body().lines().toList();
        assertThat(lines.get(2)).isEqualTo("Layer (type)                    Output Shape         Param #     Connected to                     ");
        assertThat(lines.get(4)).isEqualTo("input_1 (InputLayer)            [(None, 224, 224, 3) 0                                            ");
        assertThat(lines.get(6)).isEqualTo("conv1 (Conv2D)                  (None, 112, 112, 64) 9408        input_1[0][0]                    ");
        int add = lines.indexOf("stage2_block1_add (Add)         (None, 56, 56, 64)   0           stage2_block1_bn2[0][0]          ");
        assertThat(add).as(text.body()).isPositive();
        assertThat(lines.get(add + 1)).isEqualTo("                                                                 pool1[0][0]                      ");
        assertThat(lines).filteredOn(line -> !line.startsWith("Model:") && !line.contains("params:")).allSatisfy(line ->
                assertThat(line).hasSize(98));

        JsonNode rows = api().get(summary).json().get("layers");
        assertThat(rows.get(0).get("connectedTo").size()).isZero();
        assertThat(rows.valueStream().filter(row -> row.get("name").stringValue().equals("stage3_block1_add"))
                .findFirst().orElseThrow().get("connectedTo").toString())
                .isEqualTo("[\"stage3_block1_bn2[0][0]\",\"stage3_block1_shortcut_bn[0][0]\"]");
    }

    @Test
    void tinyResidualGraphTrainsPredictsAndRoundTripsWeights() throws Exception {
        assumeTrue(TestDatasets.mnistAvailable() || "true".equals(System.getenv("CI")),
                "real MNIST not found in " + TestDatasets.sharedDatasetsDir());
        ApiClient api = api();
        if (api.get("/api/v1/datasets/mnist-residual").status() == 404) {
            ApiClient.Response uploaded = api.postMultipart("/api/v1/datasets", "file", "mnist-residual.zip",
                    mnistSubsetZip(2000, 200), Map.of("name", "mnist-residual"));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        }
        ApiClient.Response submitted = api.post("/api/v1/training-jobs", "{\"model\": {\"definition\": " + KERAS_FUNCTIONAL
                + "}, \"dataset\": \"mnist-residual\", \"epochs\": 1, \"batchSize\": 32,"
                + " \"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.01}, \"validation\": {\"mode\": \"test\"}, \"seed\": 4}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().get("id").stringValue();
        JsonNode job = await("job " + jobId).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/training-jobs/" + jobId).json(),
                        view -> view.get("state").stringValue().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        // Chance is 0.1 and a guessing network's loss ln(10) = 2.30. The epoch's mean training accuracy includes its
        // untrained first batches, so the held-out digits tell whether the graph learned.
        assertThat(job.at("/history/0/validationAccuracy").doubleValue()).as(job.toString()).isGreaterThan(0.2);
        assertThat(job.at("/history/0/validationLoss").doubleValue()).as(job.toString()).isLessThan(2.1);

        String model = "/api/v1/models/" + job.get("resultModelId").stringValue();
        String input = "{\"inputs\": " + zeros(28, 28) + "}";
        ApiClient.Response predicted = api.post(model + "/predict", input);
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        JsonNode probabilities = predicted.json().at("/outputs/0");
        assertThat(predicted.json().get("shape").toString()).isEqualTo("[1,10]");
        double sum = 0;
        for (JsonNode probability : probabilities) {
            sum += probability.doubleValue();
        }
        assertThat(sum).as("softmax output of %s", predicted.body()).isCloseTo(1.0, within(1e-4));

        ApiClient.Response weights = api.get(model + "/weights");
        assertThat(weights.status()).as(weights.body()).isEqualTo(200);
        JsonNode arrays = weights.json().get("weights");
        assertThat(arrays).hasSize(12); // conv 2, separable 2 (no bias), batch norm 4, depthwise 2, dense 2; merges none
        ApiClient.Response put = api.put(model + "/weights", "{\"weights\": " + arrays + "}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(api.get(model + "/weights").json().get("weights")).isEqualTo(arrays);
        assertThat(api.post(model + "/predict", input).body()).isEqualTo(predicted.body());
    }

    private static String zeros(int height, int width) {
        StringBuilder rows = new StringBuilder("[[");
        for (int y = 0; y < height; y++) {
            rows.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < width; x++) {
                rows.append(x == 0 ? "" : ",").append(x == y ? "[1.0]" : "[0.0]");
            }
            rows.append("]");
        }
        return rows.append("]]").toString();
    }

    /** The first images of MNIST's train and test files as a flow_from_directory zip of PNGs. */
    private static byte[] mnistSubsetZip(int train, int test) throws IOException {
        Path dir = TestDatasets.sharedDatasetsDir().resolve("mnist");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            write(zip, "train", dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), train);
            write(zip, "test", dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), test);
        }
        return bytes.toByteArray();
    }

    private static void write(ZipOutputStream zip, String split, Path images, Path labels, int count) throws IOException {
        try (DataInputStream pixels = idx(images); DataInputStream classes = idx(labels)) {
            pixels.skipNBytes(16);
            classes.skipNBytes(8);
            for (int i = 0; i < count; i++) {
                BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                for (int p = 0; p < 28 * 28; p++) {
                    image.getRaster().setSample(p % 28, p / 28, 0, pixels.readUnsignedByte());
                }
                zip.putNextEntry(new ZipEntry(split + "/" + classes.readUnsignedByte() + "/" + i + ".png"));
                ImageIO.write(image, "png", zip);
                zip.closeEntry();
            }
        }
    }

    private static DataInputStream idx(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(in));
    }
}
