package dev.convnet.e2e;

import dev.convnet.dataset.DatasetSettings;
import dev.convnet.support.ApiClient.FilePart;
import dev.convnet.support.ApiClient.Response;
import dev.convnet.support.KerasHdf5Files;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * What an attacker or a careless client sends, over HTTP against the whole application: every request must be
 * refused with a 4xx problem document that says what is wrong (the Open Inference endpoints answer in their
 * protocol's own {"error": ...} form) and names no file-system path; afterwards the node still serves and a stored
 * model's weights are what they were. A memory budget is set so that the memory cases do not depend on the machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "convnet.limits.memory-budget=512MB")
class HostileInputEndToEndTest extends PostgresIntegrationTest {

    private static final String MODELS = "/api/v1/models";
    private static final String JOBS = "/api/v1/training-jobs";
    private static final String DATASETS = "/api/v1/datasets";
    private static final String IMPORT = "/api/v1/models/import";
    private static final String TEN_BILLION_NAME = "ten-billion";
    /** Paths under a file-system root, not preceded by what would make them part of a URL or a JSON pointer. */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "(?<![\\w\\]}.:/])/(tmp|home|root|work|var|etc|usr|opt|proc|srv|mnt|data)/");

    private enum Form { PROBLEM, OPEN_INFERENCE }

    /** One hostile request: what it is, the answer it must get, and how to send it. */
    /** {@code echoed}: a path of the request's own that the answer may name back (an archive's entry), or null. */
    private record Case(String name, int status, Form form, Supplier<Response> request, String echoed) {
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatasetSettings datasetSettings;
    @Value("${convnet.data-dir}")
    Path dataDir;

    private String detector;
    private JsonNode detectorWeights;
    private String wide;
    private String tenBillion;
    private byte[] denseModelFile;

    @BeforeAll
    void storeTheModelsTheCasesAimAt() throws IOException {
        detector = id(api().post("/api/v1/presets/detector/models", ""));
        assertThat(api().put(MODELS + "/" + detector + "/weights", LessonNetworksEndToEndTest.DETECTOR_WEIGHTS).status())
                .isEqualTo(200);
        detectorWeights = api().get(MODELS + "/" + detector + "/weights").json().get("weights");

        // 28x28 digits through 512 filters: 1.6 MB of activations per input, so a few hundred inputs pass the budget
        wide = id(api().post(MODELS, """
                {"name": "wide", "inputShape": [28, 28, 1], "layers": [
                  {"type": "conv2d", "filters": 512, "kernelSize": 3, "padding": "same", "activation": "relu"},
                  {"type": "globalMaxPooling2d"}, {"type": "dense", "units": 10, "activation": "softmax"}]}"""));
        assertThat(api().put(MODELS + "/" + wide + "/weights", "[" + zeros(3, 3, 1, 512) + "," + zeros(512) + ","
                + zeros(512, 10) + "," + zeros(10) + "]").status()).isEqualTo(200);

        // As the node stored it before there were limits: a 10-billion-parameter definition (40 GB of weights)
        tenBillion = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO models (id, name, version, kind, source_format, definition_json, seed, created_at)
                VALUES (:id, :name, 1, 'DEFINITION', 'NATIVE', :definition, 1, :createdAt)""")
                .param("id", tenBillion).param("name", TEN_BILLION_NAME)
                .param("definition", """
                        {"name": "ten-billion", "inputShape": [28, 28, 1], "layers": [{"type": "flatten"},
                          {"type": "dense", "units": 12755102, "activation": "softmax"}]}""")
                .param("createdAt", Timestamp.from(Instant.now())).update();

        String dense = id(api().post(MODELS, """
                {"name": "tiny-dense", "inputShape": [4, 4, 1], "layers": [{"type": "flatten"},
                  {"type": "dense", "units": 2, "activation": "softmax"}]}"""));
        denseModelFile = api().getBytes(MODELS + "/" + dense + "/download").body();

        Path broken = datasetSettings.uploadDir().resolve("broken-meta");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("metadata.json"), "{\"name\": \"broken-meta\", \"classNames\": [");
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        definitions(cases);
        trainingJobs(cases);
        weights(cases);
        predictions(cases);
        openInference(cases);
        imports(cases);
        datasetUploads(cases);
        images(cases);
        miscellaneous(cases);
        return cases;
    }

    private void definitions(List<Case> cases) {
        problem(cases, "malformed JSON", 400, () -> api().post(MODELS, "{\"inputShape\": [8, 8, 1], \"layers\": ["));
        problem(cases, "a JSON array as the document", 400, () -> api().post(MODELS, "[]"));
        problem(cases, "a JSON string as the document", 400, () -> api().post(MODELS, "\"conv2d\""));
        problem(cases, "an empty body", 400, () -> api().post(MODELS, ""));
        problem(cases, "a text/plain body", 415, () -> api().postBytes(MODELS, "text/plain", "layers".getBytes()));
        problem(cases, "inputShape as a string", 400, () -> api().post(MODELS, definition("\"28x28x1\"", FLAT)));
        problem(cases, "a negative inputShape", 400, () -> api().post(MODELS, definition("[-8, 8, 1]", FLAT)));
        problem(cases, "a zero inputShape", 400, () -> api().post(MODELS, definition("[0, 8, 1]", FLAT)));
        problem(cases, "a 65536x65536x3 input", 413, () -> api().post(MODELS, definition("[65536, 65536, 3]", FLAT)));
        problem(cases, "an inputShape beyond int", 400, () -> api().post(MODELS, definition("[4294967296, 8, 1]", FLAT)));
        problem(cases, "an inputShape of four axes", 400, () -> api().post(MODELS, definition("[8, 8, 1, 1]", FLAT)));
        problem(cases, "an input of 65536 channels", 413, () -> api().post(MODELS, definition("[2, 2, 65536]", FLAT)));
        problem(cases, "no layers", 400, () -> api().post(MODELS, definition("[8, 8, 1]", "[]")));
        problem(cases, "layers as an object", 400, () -> api().post(MODELS, definition("[8, 8, 1]", "{}")));
        problem(cases, "10,000 layers", 413, () -> api().post(MODELS, definition("[8, 8, 1]", manyLayers(10_000))));
        problem(cases, "1,000,000 layers", 413, () -> api().post(MODELS, definition("[8, 8, 1]", manyLayers(1_000_000))));
        problem(cases, "1e9 filters written as a float", 400, () -> api().post(MODELS, conv("1e9", "3", "1")));
        problem(cases, "1,000,000,000 filters", 413, () -> api().post(MODELS, conv("1000000000", "3", "1")));
        problem(cases, "2^31-1 filters", 413, () -> api().post(MODELS, conv("2147483647", "3", "1")));
        problem(cases, "2^31 filters", 400, () -> api().post(MODELS, conv("2147483648", "3", "1")));
        problem(cases, "zero filters", 400, () -> api().post(MODELS, conv("0", "3", "1")));
        problem(cases, "negative filters", 400, () -> api().post(MODELS, conv("-3", "3", "1")));
        problem(cases, "filters as a string", 400, () -> api().post(MODELS, conv("\"32\"", "3", "1")));
        problem(cases, "a kernel larger than the input", 400, () -> api().post(MODELS, conv("2", "9", "1")));
        problem(cases, "strides 0", 400, () -> api().post(MODELS, conv("2", "3", "0")));
        problem(cases, "negative strides", 400, () -> api().post(MODELS, conv("2", "3", "-1")));
        problem(cases, "a kernelSize of one axis", 400, () -> api().post(MODELS, conv("2", "[3]", "1")));
        problem(cases, "a kernelSize of three axes", 400, () -> api().post(MODELS, conv("2", "[3, 3, 3]", "1")));
        problem(cases, "poolSize 0", 400, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"maxPooling2d\", \"poolSize\": 0}, {\"type\": \"flatten\"}]")));
        problem(cases, "2^31-1 dense units", 413, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 2147483647}]")));
        problem(cases, "15.9 billion parameters", 413, () -> api().post(MODELS, definition("[28, 28, 1]", FIFTEEN_BILLION)));
        problem(cases, "a few parameters but 9 GB of activations", 413, () -> api().post(MODELS, definition("[4096, 4096, 3]",
                "[{\"type\": \"conv2d\", \"filters\": 64, \"kernelSize\": 3, \"padding\": \"same\"},"
                        + " {\"type\": \"globalMaxPooling2d\"}, {\"type\": \"dense\", \"units\": 10}]")));
        problem(cases, "an unknown layer type", 400, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"lstm\", \"units\": 4}]")));
        problem(cases, "a misspelt field", 400, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"conv2d\", \"filter\": 2, \"kernelSize\": 3}]")));
        problem(cases, "dense on a 4-D input", 400, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"dense\", \"units\": 4}]")));
        problem(cases, "a dropout rate of 1.5", 400, () -> api().post(MODELS, dropout("1.5")));
        problem(cases, "a dropout rate of 400 digits", 400, () -> api().post(MODELS, dropout("1" + "0".repeat(400))));
        problem(cases, "a dropout rate of 1e999", 400, () -> api().post(MODELS, dropout("1e999")));
        problem(cases, "an unknown loss", 400, () -> api().post(MODELS,
                "{\"inputShape\": [8, 8, 1], \"layers\": " + FLAT + ", \"loss\": \"hinge_of_doom\"}"));
        problem(cases, "a name with NUL", 400, () -> api().post(MODELS, named("\"le\\u0000net\"")));
        problem(cases, "a name with an escape sequence", 400, () -> api().post(MODELS, named("\"\\u001b[31mred\"")));
        problem(cases, "a name with a right-to-left override", 400, () -> api().post(MODELS, named("\"txt.\\u202eexe\"")));
        problem(cases, "a name with a line separator", 400, () -> api().post(MODELS, named("\"two\\u2028lines\"")));
        problem(cases, "a name with half a surrogate pair", 400, () -> api().post(MODELS, named("\"\\ud83d\"")));
        problem(cases, "a name of 201 characters", 400, () -> api().post(MODELS, named("\"" + "n".repeat(201) + "\"")));
        problem(cases, "a name of a million characters", 400, () -> api().post(MODELS, named("\"" + "n".repeat(1_000_000) + "\"")));
        problem(cases, "a blank name", 400, () -> api().post(MODELS, named("\"   \"")));
        problem(cases, "a name that is a number", 400, () -> api().post(MODELS, named("42")));
        problem(cases, "a layer name with a space", 400, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"flatten\", \"name\": \"my layer\"}]")));
        problem(cases, "JSON nested 100,000 deep", 400, () -> api().post(MODELS, "[".repeat(100_000) + "]".repeat(100_000)));
        problem(cases, "a number of 5,000 digits", 400, () -> api().post(MODELS, definition("[8, 8, 1]",
                "[{\"type\": \"dropout\", \"rate\": 0." + "1".repeat(5_000) + "}]")));
        problem(cases, "Keras: a Functional model", 400, () -> api().post(MODELS,
                "{\"class_name\": \"Functional\", \"config\": {\"layers\": []}}"));
        problem(cases, "Keras: 10,000 layers", 413, () -> api().post(MODELS, "{\"class_name\": \"Sequential\", \"config\":"
                + " {\"layers\": [" + String.join(",", Collections.nCopies(10_000,
                "{\"class_name\": \"Dropout\", \"config\": {\"rate\": 0.1}}")) + "]}}"));
        problem(cases, "Keras: a dilation_rate of 1e20", 400, () -> api().post(MODELS, "{\"class_name\": \"Sequential\","
                + " \"config\": {\"layers\": [{\"class_name\": \"Conv2D\", \"config\": {\"batch_input_shape\": [null, 8, 8, 1],"
                + " \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 1e20}}]}}"));
        problem(cases, "Keras: no input shape", 400, () -> api().post(MODELS, "{\"class_name\": \"Sequential\","
                + " \"config\": {\"layers\": [{\"class_name\": \"Flatten\", \"config\": {}}]}}"));
        problem(cases, "an unknown preset", 404, () -> api().post("/api/v1/presets/resnet-1000/models", ""));
    }

    private void trainingJobs(List<Case> cases) {
        problem(cases, "a training job for 15.9 billion parameters", 413, () -> api().post(JOBS,
                "{\"model\": {\"definition\": " + definition("[28, 28, 1]", FIFTEEN_BILLION) + "}, \"dataset\": \"mnist\"}"));
        problem(cases, "a batch size whose activations exceed the memory budget", 413, () -> api().post(JOBS,
                job("\"batchSize\": 65536")));
        problem(cases, "batch size 0", 400, () -> api().post(JOBS, job("\"batchSize\": 0")));
        problem(cases, "batch size -1", 400, () -> api().post(JOBS, job("\"batchSize\": -1")));
        problem(cases, "batch size 2^31-1", 400, () -> api().post(JOBS, job("\"batchSize\": 2147483647")));
        problem(cases, "batch size beyond int", 400, () -> api().post(JOBS, job("\"batchSize\": 1000000000000")));
        problem(cases, "batch size as a word", 400, () -> api().post(JOBS, job("\"batchSize\": \"many\"")));
        problem(cases, "zero epochs", 400, () -> api().post(JOBS, job("\"epochs\": 0")));
        problem(cases, "a negative learning rate", 400, () -> api().post(JOBS,
                job("\"optimizer\": {\"type\": \"sgd\", \"learningRate\": -1}")));
        problem(cases, "a learning rate of 1e999", 400, () -> api().post(JOBS,
                job("\"optimizer\": {\"type\": \"adam\", \"learningRate\": 1e999}")));
        problem(cases, "an unknown optimizer", 400, () -> api().post(JOBS, job("\"optimizer\": {\"type\": \"lbfgs\"}")));
        problem(cases, "a validation fraction of 2", 400, () -> api().post(JOBS,
                job("\"validation\": {\"mode\": \"split\", \"fraction\": 2}")));
        problem(cases, "an unknown dataset", 400, () -> api().post(JOBS,
                "{\"model\": {\"preset\": \"lenet5\"}, \"dataset\": \"imagenet\"}"));
        problem(cases, "a dataset name with NUL", 400, () -> api().post(JOBS,
                "{\"model\": {\"preset\": \"lenet5\"}, \"dataset\": \"mni\\u0000st\"}"));
        problem(cases, "a dataset absent from the node", 409, () -> api().post(JOBS,
                "{\"model\": {\"preset\": \"cifar10-cnn\"}, \"dataset\": \"cifar-10\"}"));
        problem(cases, "no model", 400, () -> api().post(JOBS, "{\"dataset\": \"mnist\"}"));
        problem(cases, "both a model id and a preset", 400, () -> api().post(JOBS,
                "{\"model\": {\"id\": \"" + detector + "\", \"preset\": \"lenet5\"}, \"dataset\": \"mnist\"}"));
        problem(cases, "a model id that is no UUID", 400, () -> api().post(JOBS,
                "{\"model\": {\"id\": \"../../etc/passwd\"}, \"dataset\": \"mnist\"}"));
        problem(cases, "a training job for the stored 10-billion-parameter model", 409, () -> api().post(JOBS,
                "{\"model\": {\"id\": \"" + tenBillion + "\"}, \"dataset\": \"mnist\"}"));
    }

    private void weights(List<Case> cases) {
        String path = MODELS + "/" + detector + "/weights";
        problem(cases, "weights with 1e39", 400, () -> api().put(path, "[[[[[0]],[[1e39]],[[0]]],[[[0]],[[1]],[[0]]],"
                + "[[[0]],[[1]],[[0]]]],[0.0]]"));
        problem(cases, "weights with 1e999", 400, () -> api().put(path, "[[[[[0]],[[1]],[[0]]],[[[0]],[[1e999]],[[0]]],"
                + "[[[0]],[[1]],[[0]]]],[0.0]]"));
        problem(cases, "a bias of -1e39", 400, () -> api().put(path, "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],"
                + "[[[0]],[[1]],[[0]]]],[-1e39]]"));
        problem(cases, "a weight of 400 digits", 400, () -> api().put(path, "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],"
                + "[[[0]],[[1]],[[0]]]],[" + "9".repeat(400) + "]]"));
        problem(cases, "weights of the wrong shape", 400, () -> api().put(path, "[[[[[0]],[[1]]]],[0.0]]"));
        problem(cases, "too few weight arrays", 400, () -> api().put(path, "[[0.0]]"));
        problem(cases, "no weight arrays", 400, () -> api().put(path, "[]"));
        problem(cases, "weights as strings", 400, () -> api().put(path, "[[[[[\"0\"]]]],[\"x\"]]"));
        problem(cases, "a ragged weight array", 400, () -> api().put(path, "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]]]],[0.0]]"));
        problem(cases, "an object without weights", 400, () -> api().put(path, "{}"));
        problem(cases, "a compact shape of 2^31", 400, () -> api().put(path, "[{\"shape\": [2147483648], \"data\": [0]}, [0]]"));
        problem(cases, "a compact shape of 2^30 x 2^30", 400, () -> api().put(path,
                "[{\"shape\": [1073741824, 1073741824], \"data\": [0]}, [0]]"));
        problem(cases, "compact data shorter than its shape", 400, () -> api().put(path,
                "[{\"shape\": [3, 3, 1, 1], \"data\": [0, 1]}, [0]]"));
        problem(cases, "weights of an unknown model", 404, () -> api().put(MODELS + "/" + UUID.randomUUID() + "/weights",
                LessonNetworksEndToEndTest.DETECTOR_WEIGHTS));
        problem(cases, "GET weights of the stored 10-billion-parameter model", 409,
                () -> api().get(MODELS + "/" + tenBillion + "/weights"));
        problem(cases, "downloading the stored 10-billion-parameter model", 409,
                () -> api().get(MODELS + "/" + tenBillion + "/download"));
        problem(cases, "PUT weights on the stored 10-billion-parameter model", 409,
                () -> api().put(MODELS + "/" + tenBillion + "/weights", "[[0.0]]"));
        problem(cases, "evaluating the stored 10-billion-parameter model", 409,
                () -> api().post(MODELS + "/" + tenBillion + "/evaluation?dataset=mnist", ""));
    }

    private void predictions(List<Case> cases) {
        String path = MODELS + "/" + detector + "/predict";
        String row = "[[0],[0],[0],[1],[1],[0],[0],[0]]";
        problem(cases, "an input of 1e39", 400, () -> api().post(path, "{\"inputs\": [[" + row + "," + row + "," + row + ","
                + row + "," + row + "," + row + "," + row + ",[[0],[0],[0],[1e39],[1],[0],[0],[0]]]]}"));
        problem(cases, "an input of 1e999", 400, () -> api().post(path, "{\"inputs\": {\"shape\": [1, 8, 8, 1], \"data\": ["
                + "0,".repeat(63) + "1e999]}}"));
        problem(cases, "an input of the wrong shape", 400, () -> api().post(path, "{\"inputs\": [[[[1]]]]}"));
        problem(cases, "no inputs", 400, () -> api().post(path, "{}"));
        problem(cases, "empty inputs", 400, () -> api().post(path, "{\"inputs\": []}"));
        problem(cases, "inputs as null", 400, () -> api().post(path, "{\"inputs\": null}"));
        problem(cases, "a batch whose activations exceed the memory budget", 413, () -> api().post(
                MODELS + "/" + wide + "/predict", "{\"inputs\": {\"shape\": [400, 28, 28, 1], \"data\": ["
                        + String.join(",", Collections.nCopies(400 * 784, "0")) + "]}}"));
        problem(cases, "predicting with the stored 10-billion-parameter model", 409, () -> api().post(
                MODELS + "/" + tenBillion + "/predict", "{\"inputs\": {\"shape\": [1, 28, 28, 1], \"data\": ["
                        + String.join(",", Collections.nCopies(784, "0")) + "]}}"));
        problem(cases, "a model id that is no UUID", 400, () -> api().post(MODELS + "/not-a-uuid/predict",
                "{\"inputs\": []}"));
    }

    private void openInference(List<Case> cases) {
        String path = "/v2/models/wide/infer";
        openInference(cases, "v2: an FP32 value of 1e39", 400, () -> api().post(path, infer("FP32", "[1, 28, 28, 1]",
                "0,".repeat(783) + "1e39")));
        openInference(cases, "v2: a shape that does not fit", 400, () -> api().post(path, infer("FP32", "[1, 2, 2, 1]",
                "0, 0, 0, 0")));
        openInference(cases, "v2: an unknown datatype", 400, () -> api().post(path, infer("FP64", "[1, 28, 28, 1]", "0")));
        openInference(cases, "v2: BYTES that are no base64", 400, () -> api().post(path, infer("BYTES", "[1]", "\"%%%\"")));
        openInference(cases, "v2: a UINT8 of 300", 400, () -> api().post(path, infer("UINT8", "[1, 28, 28, 1]",
                "0,".repeat(783) + "300")));
        openInference(cases, "v2: a UINT8 of 400 digits", 400, () -> api().post(path, infer("UINT8", "[1, 28, 28, 1]",
                "0,".repeat(783) + "9".repeat(400))));
        openInference(cases, "v2: no inputs", 400, () -> api().post(path, "{}"));
        openInference(cases, "v2: the stored 10-billion-parameter model", 409, () -> api().post(
                "/v2/models/" + TEN_BILLION_NAME + "/versions/1/infer", infer("FP32", "[1, 28, 28, 1]", "0,".repeat(783) + "0")));
        openInference(cases, "v2: an unknown model", 404, () -> api().post("/v2/models/nobody/infer",
                infer("FP32", "[1, 28, 28, 1]", "0")));
    }

    private void imports(List<Case> cases) {
        problem(cases, "import: a text file", 400, () -> importFile("notes.txt", "just text".getBytes()));
        problem(cases, "import: a zip of something else", 400, () -> importFile("x.zip", zip(Map.of("a.txt", new byte[10]))));
        problem(cases, "import: a truncated zip", 400, () -> importFile("x.zip",
                Arrays.copyOf(denseModelFile, denseModelFile.length / 2)));
        problem(cases, "import: coefficients declaring 2^40 values", 400, () -> importFile("m.zip",
                replaceEntry(denseModelFile, "coefficients.bin", coefficientsDeclaring(1L << 40))));
        problem(cases, "import: a configuration of 2^31-1 units", 413, () -> importFile("m.zip",
                replaceEntry(denseModelFile, "configuration.json", configurationWithUnits(denseModelFile, "2147483647"))));
        problem(cases, "import: a configuration of 2^40 units", 400, () -> importFile("m.zip",
                replaceEntry(denseModelFile, "configuration.json", configurationWithUnits(denseModelFile, "1099511627776"))));
        problem(cases, "import: a zip bomb", 413, () -> importFile("bomb.zip", zip(Map.of("configuration.json",
                new byte[257 << 20])))); // inspecting inflates at most 4 x 64 MB
        problem(cases, "import: an HDF5 signature and garbage", 400, () -> importFile("m.h5",
                concat(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, new byte[4096])));
        problem(cases, "import: a Keras weight declaring 144 GB", 400, () -> importFile("m.h5",
                KerasHdf5Files.convFlattenDenseFileDeclaringDenseKernel(12, 3_000_000_000L)));
        problem(cases, "import: a name with NUL", 400, () -> api().postMultipart(IMPORT, "file", "m.zip", denseModelFile,
                Map.of("name", "a\u0000b")));
        problem(cases, "import: an input shape of zeros", 400, () -> api().postMultipart(IMPORT, "file", "m.zip",
                denseModelFile, Map.of("inputShape", "0,0,0")));
    }

    private void datasetUploads(List<Case> cases) {
        byte[] png = png(8, 8);
        problem(cases, "upload: not a zip", 400, () -> upload("x", "not a zip".getBytes()));
        problem(cases, "upload: an entry escaping the folder", 400, () -> upload("slip", zip(Map.of(
                "a/1.png", png, "../../evil.png", png))));
        cases.add(new Case("upload: an absolute entry", 400, Form.PROBLEM, () -> upload("absolute", zip(Map.of(
                "a/1.png", png, "/etc/cron.d/evil.png", png))), "/etc/cron.d/evil.png"));
        problem(cases, "upload: text named .png", 400, () -> upload("text", zip(Map.of(
                "a/1.png", png, "b/1.png", "#!/bin/sh".getBytes()))));
        problem(cases, "upload: a truncated PNG", 400, () -> upload("truncated", zip(Map.of(
                "a/1.png", png, "b/1.png", Arrays.copyOf(png, png.length / 2)))));
        problem(cases, "upload: a PNG claiming 100000x100000 pixels", 413, () -> upload("huge", zip(Map.of(
                "a/1.png", png, "b/1.png", pngClaiming(png, 100_000, 100_000)))));
        problem(cases, "upload: an entry inflating to 100 MB", 413, () -> upload("bomb", zip(Map.of(
                "a/1.png", png, "b/1.png", new byte[100 << 20]))));
        problem(cases, "upload: a single class", 400, () -> upload("single", zip(Map.of("a/1.png", png))));
        problem(cases, "upload: an empty zip", 400, () -> upload("empty", zip(Map.of())));
        problem(cases, "upload: a name escaping the folder", 400, () -> upload("../x", zip(Map.of("a/1.png", png, "b/1.png", png))));
        problem(cases, "upload: a name with NUL", 400, () -> upload("x\u0000y", zip(Map.of("a/1.png", png, "b/1.png", png))));
        problem(cases, "upload: targetSize 0x0", 400, () -> api().postMultipart(DATASETS, "file", "d.zip",
                zip(Map.of("a/1.png", png, "b/1.png", png)), Map.of("name", "zero-size", "targetSize", "0x0")));
        problem(cases, "upload: validationSplit 1.5", 400, () -> api().postMultipart(DATASETS, "file", "d.zip",
                zip(Map.of("a/1.png", png, "b/1.png", png)), Map.of("name", "split", "validationSplit", "1.5")));
        problem(cases, "upload: colorMode cmyk", 400, () -> api().postMultipart(DATASETS, "file", "d.zip",
                zip(Map.of("a/1.png", png, "b/1.png", png)), Map.of("name", "cmyk", "colorMode", "cmyk")));
        problem(cases, "upload: the name of a built-in dataset", 409, () -> upload("mnist", zip(Map.of(
                "a/1.png", png, "b/1.png", png))));
        problem(cases, "upload: no file part", 400, () -> api().postFiles(DATASETS + "?name=nofile", List.of()));
        problem(cases, "a dataset whose metadata is damaged", 409, () -> api().get(DATASETS + "/broken-meta"));
    }

    private void images(List<Case> cases) {
        String path = MODELS + "/" + wide + "/predictions";
        byte[] png = png(28, 28);
        problem(cases, "image: zero bytes", 400, () -> api().postFiles(path, List.of(new FilePart("files", "0.png",
                "image/png", new byte[0]))));
        problem(cases, "image: text", 400, () -> api().postFiles(path, List.of(new FilePart("files", "a.png", "image/png",
                "GIF89a? no".getBytes()))));
        problem(cases, "image: a truncated PNG", 400, () -> api().postBytes(path, "image/png",
                Arrays.copyOf(png, png.length - 20)));
        problem(cases, "image: a PNG claiming 100000x100000 pixels", 413, () -> api().postBytes(path, "image/png",
                pngClaiming(png, 100_000, 100_000)));
        problem(cases, "image: 65 files", 413, () -> api().postFiles(path, Collections.nCopies(65,
                new FilePart("files", "1.png", "image/png", png))));
        problem(cases, "image: topK 0", 400, () -> api().postBytes(path + "?topK=0", "image/png", png));
        problem(cases, "image: an unknown resize mode", 400, () -> api().postBytes(path + "?resize=zoom", "image/png", png));
        problem(cases, "image: the stored 10-billion-parameter model", 409, () -> api().postBytes(
                MODELS + "/" + tenBillion + "/predictions", "image/png", png));
        problem(cases, "image: a model name with a right-to-left override", 404, () -> api().postBytes(
                MODELS + "/by-name/%E2%80%AEdrow/predictions", "image/png", png));
    }

    private void miscellaneous(List<Case> cases) {
        problem(cases, "a model id that is not a UUID", 400, () -> api().get(MODELS + "/not-a-uuid"));
        problem(cases, "a model that does not exist", 404, () -> api().get(MODELS + "/" + UUID.randomUUID()));
        problem(cases, "an unsupported method", 405, () -> api().delete("/api/v1/presets"));
        problem(cases, "a multipart body that does not parse", 400, () -> api().send("POST", "/api/v1/datasets",
                "multipart/form-data; boundary=nothing", new byte[] {1, 2, 3}));
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsRefusedWithAProblemAndTheNodeKeepsServing() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(55);
        Stream<DynamicTest> refused = cases.stream().map(c -> dynamicTest(c.name(), () -> assertRefused(c, c.request().get())));
        return Stream.concat(refused, Stream.of(
                dynamicTest("afterwards: the node is healthy", () -> assertThat(api().get("/actuator/health").json()
                        .get("status").stringValue()).isEqualTo("UP")),
                dynamicTest("afterwards: a prediction works", () -> {
                    Response prediction = api().post(MODELS + "/" + detector + "/predict", LessonNetworksEndToEndTest.LINE_IMAGE);
                    assertThat(prediction.status()).as(prediction.body()).isEqualTo(200);
                    assertThat(prediction.json().get("outputs").get(0).get(0).doubleValue()).isEqualTo(3.0);
                }),
                dynamicTest("afterwards: the stored weights are unchanged", () -> assertThat(
                        api().get(MODELS + "/" + detector + "/weights").json().get("weights")).isEqualTo(detectorWeights)),
                dynamicTest("afterwards: the damaged dataset is listed as unusable, the others as before", () -> {
                    Response list = api().get(DATASETS);
                    assertThat(list.status()).isEqualTo(200);
                    assertNoAbsolutePath(list.body());
                    JsonNode broken = find(list.json(), "broken-meta");
                    assertThat(broken.get("available").booleanValue()).isFalse();
                    assertThat(broken.get("problem").stringValue()).contains("metadata.json", "upload-dir");
                    assertThat(find(list.json(), "mnist").get("available").booleanValue()).isTrue();
                }),
                dynamicTest("afterwards: the over-limits model's definition is still readable", () -> {
                    Response model = api().get(MODELS + "/" + tenBillion);
                    assertThat(model.status()).as(model.body()).isEqualTo(200);
                    assertThat(model.json().get("summary").get("totalParams").longValue()).isEqualTo(785L * 12_755_102);
                }),
                dynamicTest("afterwards: printable Unicode is a fine name", () -> {
                    Response created = api().post(MODELS, named("\"модель 模型 😀\""));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    assertThat(created.json().get("name").stringValue()).isEqualTo("модель 模型 😀");
                })));
    }

    /**
     * Three bombs inflate one entry past max-entry-size, three hold 20 decoded 4096x4096 images each (the decoded-size
     * budget): six at once held several GB on the heap before entries were bounded and uploads capped. Now each is
     * refused with 413, or with 503 and Retry-After while max-concurrent others are being imported.
     */
    @Test
    void sixConcurrentZipBombsAreRefusedAndTheNodeKeepsServing() throws Exception {
        byte[] inflating = zip(Map.of("a/1.png", png(8, 8), "b/bomb.png", new byte[100 << 20]));
        byte[] large = png(4096, 4096);
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            images.put("a/" + i + ".png", large);
            images.put("b/" + i + ".png", large);
        }
        byte[] decoding = zip(images);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] bomb = i % 2 == 0 ? decoding : inflating;
                String name = "bomb-" + i;
                sent.add(clients.submit(() -> {
                    start.await();
                    return upload(name, bomb);
                }));
            }
            start.countDown();
            for (Future<Response> answer : sent) {
                answers.add(answer.get(2, TimeUnit.MINUTES));
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isIn(413, 503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            if (answer.status() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(answer.json().get("detail").stringValue()).contains("convnet.datasets.upload.max-concurrent");
            } else {
                assertThat(answer.json().get("limit").stringValue()).isIn("max-entry-size", "max-decoded-size");
            }
        });
        assertThat(answers).extracting(Response::status).contains(413, 503);
        assertThat(api().get("/actuator/health").json().get("status").stringValue()).isEqualTo("UP");
        Response upload = upload("after-bombs", TestDatasets.leftRightZip(4, 2, 1));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
    }

    private void assertRefused(Case c, Response response) {
        assertThat(response.status()).as("%s: %s", c.name(), response.body()).isEqualTo(c.status());
        assertThat(response.status()).isBetween(400, 499);
        String detail;
        if (c.form() == Form.PROBLEM) {
            assertThat(response.contentType()).as(c.name()).startsWith("application/problem+json");
            JsonNode problem = response.json();
            assertThat(problem.get("status").intValue()).isEqualTo(c.status());
            detail = problem.path("detail").asString("");
        } else {
            assertThat(response.contentType()).as(c.name()).startsWith("application/json");
            detail = response.json().path("error").asString("");
        }
        assertThat(detail).as("%s: a detail that says what is wrong", c.name()).hasSizeGreaterThan(15)
                .doesNotContain("failed to handle the request");
        assertNoAbsolutePath(c.echoed() == null ? response.body() : response.body().replace(c.echoed(), "(echoed)"));
    }

    private void assertNoAbsolutePath(String body) {
        for (String root : List.of(dataDir.toAbsolutePath().toString(), TestDatasets.sharedDatasetsDir().toString(),
                System.getProperty("java.io.tmpdir"), System.getProperty("user.home"), System.getProperty("user.dir"))) {
            assertThat(body).as("names no path under %s", root).doesNotContain(root + "/");
        }
        assertThat(ABSOLUTE_PATH.matcher(body).find()).as("names no absolute path: %s", body).isFalse();
    }

    // ---- building the requests

    private static final String FLAT = "[{\"type\": \"flatten\"}]";
    /** 28x28x1 -> 4096 filters ("same") -> flatten: 3,211,264 features x 4951 units = 15.9 billion parameters. */
    private static final String FIFTEEN_BILLION = "[{\"type\": \"conv2d\", \"filters\": 4096, \"kernelSize\": 3, "
            + "\"padding\": \"same\"}, {\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 4951, \"activation\": \"softmax\"}]";

    private static void problem(List<Case> cases, String name, int status, Supplier<Response> request) {
        cases.add(new Case(name, status, Form.PROBLEM, request, null));
    }

    private static void openInference(List<Case> cases, String name, int status, Supplier<Response> request) {
        cases.add(new Case(name, status, Form.OPEN_INFERENCE, request, null));
    }

    private static String id(Response created) {
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").stringValue();
    }

    private static String definition(String inputShape, String layers) {
        return "{\"inputShape\": " + inputShape + ", \"layers\": " + layers + "}";
    }

    private static String conv(String filters, String kernelSize, String strides) {
        return definition("[8, 8, 1]", "[{\"type\": \"conv2d\", \"filters\": " + filters + ", \"kernelSize\": " + kernelSize
                + ", \"strides\": " + strides + "}, {\"type\": \"flatten\"}]");
    }

    private static String dropout(String rate) {
        return definition("[8, 8, 1]", "[{\"type\": \"dropout\", \"rate\": " + rate + "}, {\"type\": \"flatten\"}]");
    }

    private static String named(String nameJson) {
        return "{\"name\": " + nameJson + ", \"inputShape\": [8, 8, 1], \"layers\": " + FLAT + "}";
    }

    private static String manyLayers(int count) {
        return "[" + String.join(",", Collections.nCopies(count, "{\"type\": \"flatten\"}")) + "]";
    }

    private static String job(String field) {
        return "{\"model\": {\"preset\": \"lenet5\"}, \"dataset\": \"mnist\", " + field + "}";
    }

    private static String infer(String datatype, String shape, String data) {
        return "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape
                + ", \"data\": [" + data + "]}]}";
    }

    /** A Keras-layout array of zeros in the compact {shape, data} form. */
    private static String zeros(int... shape) {
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return "{\"shape\": " + Arrays.toString(shape) + ", \"data\": [" + String.join(",", Collections.nCopies(size, "0"))
                + "]}";
    }

    private Response importFile(String fileName, byte[] content) {
        return api().postMultipart(IMPORT, "file", fileName, content, Map.of());
    }

    private Response upload(String name, byte[] zip) {
        return api().postMultipart(DATASETS, "file", "d.zip", zip, Map.of("name", name));
    }

    private static JsonNode find(JsonNode datasets, String name) {
        for (JsonNode dataset : datasets) {
            if (dataset.get("name").stringValue().equals(name)) {
                return dataset;
            }
        }
        throw new AssertionError("dataset " + name + " is not listed: " + datasets);
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : new LinkedHashMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] replaceEntry(byte[] zipFile, String name, byte[] content) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipFile))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), entry.getName().equals(name) ? content : in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip(entries);
    }

    private static byte[] entry(byte[] zipFile, String name) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipFile))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(name + " is not in the zip");
    }

    /** The dense layer's "nout" in DL4J's configuration.json set to {@code units}. */
    private static byte[] configurationWithUnits(byte[] modelFile, String units) {
        String json = new String(entry(modelFile, "configuration.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"nout\" : 2");
        return json.replace("\"nout\" : 2", "\"nout\" : " + units).getBytes(StandardCharsets.UTF_8);
    }

    /** Nd4j.write's layout for a row vector of {@code values} floats, of which only four are there. */
    private static byte[] coefficientsDeclaring(long values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(8);
            out.writeUTF("LONG");
            for (long value : new long[] {2, 1, values, values, 1, 0, 1, 'c'}) {
                out.writeLong(value);
            }
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(values);
            out.writeUTF("FLOAT");
            for (int i = 0; i < 4; i++) {
                out.writeFloat(1f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The PNG with its header (IHDR) claiming another size, its checksum fixed: only decoding would tell. */
    private static byte[] pngClaiming(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
