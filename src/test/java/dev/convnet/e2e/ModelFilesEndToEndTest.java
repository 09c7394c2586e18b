package dev.convnet.e2e;

import dev.convnet.common.Tensor;
import dev.convnet.support.ApiClient;
import dev.convnet.support.KerasHdf5Files;
import dev.convnet.support.PostgresIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** Download a model as a DL4J file and import it again; import Keras 2 HDF5 files; refuse what cannot be read. */
@TestPropertySource(properties = "convnet.api.max-request-size=12MB")
class ModelFilesEndToEndTest extends PostgresIntegrationTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Random random = new Random(7);

    @Test
    void aDownloadedModelImportsAsTheSameNetwork() throws Exception {
        JsonNode original = api().post("/api/v1/presets/lenet5/models", "").json();
        String id = original.get("id").stringValue();
        int version = original.get("version").intValue(); // other tests of this class create lenet5 models too
        ApiClient.Response weights = api().put("/api/v1/models/" + id + "/weights", randomWeights(id).toString());
        assertThat(weights.status()).as(weights.body()).isEqualTo(200);

        ApiClient.BinaryResponse download = api().getBytes("/api/v1/models/" + id + "/download");

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("application/zip");
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"lenet5-v" + version + ".zip\"");
        assertThat(download.header("X-Checksum-SHA256")).isEqualTo(sha256(download.body()));

        ApiClient.Response imported = api().postMultipart("/api/v1/models/import", "file", "lenet5-v1.zip", download.body(), Map.of());

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String importedId = imported.json().get("id").stringValue();
        assertThat(imported.location()).endsWith("/api/v1/models/" + importedId);
        assertThat(imported.json().get("name").stringValue()).isEqualTo("lenet5");
        assertThat(imported.json().get("version").intValue()).isGreaterThan(version);
        assertThat(api().get("/api/v1/models/" + importedId + "/summary").json())
                .isEqualTo(api().get("/api/v1/models/" + id + "/summary").json());
        assertSamePredictions(id, importedId, 28, 28, 1);
    }

    @Test
    void aModelWhoseWeightsWereNeverSetDownloadsItsInitialNetwork() {
        String id = api().post("/api/v1/presets/lenet5/models", "").json().get("id").stringValue();

        ApiClient.BinaryResponse download = api().getBytes("/api/v1/models/" + id + "/download");
        assertThat(download.status()).isEqualTo(200);
        ApiClient.Response imported = api().postMultipart("/api/v1/models/import", "file", "d.zip", download.body(),
                Map.of("name", "lenet5-copy"));

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("name").stringValue()).isEqualTo("lenet5-copy");
        // LeNet-5 ends in softmax, so its initial network never answers all zeros, whatever its random weights.
        assertSamePredictions(id, imported.json().get("id").stringValue(), 28, 28, 1);
    }

    @Test
    void aKeras2Hdf5ModelImportsWithItsWeights() {
        Map<String, Tensor> weights = KerasHdf5Files.convFlattenDenseWeights(3);

        ApiClient.Response imported = api().postMultipart("/api/v1/models/import", "file", "small.h5",
                KerasHdf5Files.convFlattenDenseFile(weights), Map.of());

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode model = imported.json();
        assertThat(model.get("name").stringValue()).isEqualTo("small_cnn");
        assertThat(model.get("sourceFormat").stringValue()).isEqualTo("KERAS");
        assertThat(model.get("loss").stringValue()).isEqualTo("categorical_crossentropy");
        // the arrays come back exactly as written, in Keras layouts (the forward pass is KerasHdf5FileTest's)
        JsonNode stored = api().get("/api/v1/models/" + model.get("id").stringValue() + "/weights").json().get("weights");
        List<Tensor> expected = List.copyOf(weights.values());
        assertThat(stored).hasSize(4);
        for (int i = 0; i < 4; i++) {
            float[] flat = flatten(stored.get(i));
            assertThat(flat).containsExactly(expected.get(i).data());
        }
    }

    @Test
    void aKerasLayerTheDefinitionsCannotExpressIsNamed() {
        String config = KerasHdf5Files.CONV_FLATTEN_DENSE_CONFIG.replace("\"class_name\": \"Flatten\"", "\"class_name\": \"Reshape\"");
        byte[] file = KerasHdf5Files.write(config, "2.13.1", null, List.of());

        ApiClient.Response response = api().postMultipart("/api/v1/models/import", "file", "m.h5", file, Map.of());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("detail").stringValue()).contains("Keras layer 'Reshape' is not supported");
        assertThat(api().get("/api/v1/models").json().findValuesAsString("name")).doesNotContain("small_cnn");
    }

    @Test
    void aKeras3FileIsRefusedSayingWhatToDoInstead() throws IOException {
        byte[] keras3 = zip(Map.of("metadata.json", "{\"keras_version\": \"3.3.3\"}", "config.json", "{}",
                "model.weights.h5", "not really"));

        ApiClient.Response response = api().postMultipart("/api/v1/models/import", "file", "m.keras", keras3, Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").stringValue())
                .contains("Keras 3 .keras file", "model.save(\"m.h5\")", "model.to_json()", "get_weights()");
    }

    @Test
    void aFileOfNoKnownFormatIsRefusedNamingTheAcceptedOnes() {
        byte[] noise = new byte[1000];
        random.nextBytes(noise);

        ApiClient.Response response = api().postMultipart("/api/v1/models/import", "file", "m.bin", noise, Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").stringValue())
                .contains("Unrecognized model file", "DL4J model file", "Keras 2 HDF5 model");
    }

    @Test
    void aFileOverTheUploadLimitIsRefusedWith413() {
        ApiClient.Response response = api().postMultipart("/api/v1/models/import", "file", "big.zip",
                new byte[13 * 1024 * 1024], Map.of());

        assertThat(response.status()).isEqualTo(413);
    }

    // ---- helpers ----

    /** One random array per slot the model lists, as {"shape", "data"}. */
    private ArrayNode randomWeights(String id) {
        ArrayNode arrays = NODES.arrayNode();
        for (JsonNode slot : api().get("/api/v1/models/" + id + "/weights").json().get("arrays")) {
            int size = 1;
            ObjectNode array = arrays.addObject();
            ArrayNode shape = array.putArray("shape");
            for (JsonNode dim : slot.get("shape")) {
                shape.add(dim.intValue());
                size *= dim.intValue();
            }
            ArrayNode data = array.putArray("data");
            for (int i = 0; i < size; i++) {
                data.add(random.nextFloat() * 0.2f - 0.1f);
            }
        }
        return arrays;
    }

    private void assertSamePredictions(String firstId, String secondId, int height, int width, int channels) {
        ArrayNode batch = NODES.arrayNode();
        for (int n = 0; n < 2; n++) {
            ArrayNode image = batch.addArray();
            for (int h = 0; h < height; h++) {
                ArrayNode row = image.addArray();
                for (int w = 0; w < width; w++) {
                    ArrayNode pixel = row.addArray();
                    for (int c = 0; c < channels; c++) {
                        pixel.add(random.nextFloat());
                    }
                }
            }
        }
        String body = NODES.objectNode().set("inputs", batch).toString();
        ApiClient.Response first = api().post("/api/v1/models/" + firstId + "/predict", body);
        ApiClient.Response second = api().post("/api/v1/models/" + secondId + "/predict", body);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        float[] expected = flatten(first.json().get("outputs"));
        float[] actual = flatten(second.json().get("outputs"));
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(expected).as("a network that outputs something").isNotEqualTo(new float[expected.length]);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("output %d", i).isCloseTo(expected[i], offset(1e-6));
        }
    }

    private static float[] flatten(JsonNode nested) {
        java.util.List<Float> values = new java.util.ArrayList<>();
        collect(nested, values);
        float[] result = new float[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
        }
        return result;
    }

    private static void collect(JsonNode node, List<Float> values) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        } else {
            values.add(node.floatValue());
        }
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
