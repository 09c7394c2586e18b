package dev.convnet.e2e;

import dev.convnet.ConvnetServiceApplication;
import dev.convnet.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On its embedded defaults (H2 file under the data directory) the service keeps models and weights across a restart,
 * reports a model whose weights are lost as broken (never serving other weights in their place), and sweeps files
 * that no row names.
 */
class EmbeddedRestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // Command-line arguments, as a user would pass them: they override application.yml.
        return new SpringApplicationBuilder(ConvnetServiceApplication.class)
                .run("--server.port=0", "--convnet.data-dir=" + dataDir);
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private java.util.List<Path> modelFiles(String id) {
        try (var files = Files.list(dataDir.resolve("models").resolve(id))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".zip")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void definitionsAndWeightsSurviveARestart() {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
            assertThat(api.put("/api/v1/models/" + id + "/weights", LessonNetworksEndToEndTest.DETECTOR_WEIGHTS).status())
                    .isEqualTo(200);
        }
        assertThat(Files.exists(dataDir.resolve("db"))).isTrue();
        assertThat(modelFiles(id)).hasSize(1);

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = api(second);
            assertThat(api.get("/api/v1/models/" + id + "/summary").json().get("totalParams").longValue()).isEqualTo(10);
            assertThat(api.post("/api/v1/models/" + id + "/predict", LessonNetworksEndToEndTest.LINE_IMAGE)
                    .json().get("outputs").toString()).isEqualTo("[[3.0]]");
            assertThat(api.get("/actuator/health").json().at("/components/db/details/database").stringValue()).isEqualTo("H2");
        }
    }

    @Test
    void aDamagedWeightFileIsDetectedNotUsed() throws Exception {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
            api.put("/api/v1/models/" + id + "/weights", LessonNetworksEndToEndTest.DETECTOR_WEIGHTS);
        }
        Path file = modelFiles(id).get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        try (ConfigurableApplicationContext second = start()) {
            ApiClient.Response response = api(second).post("/api/v1/models/" + id + "/predict", LessonNetworksEndToEndTest.LINE_IMAGE);
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.json().get("type").stringValue()).isEqualTo("urn:convnet:problem:model-broken");
            assertThat(response.json().get("modelId").stringValue()).isEqualTo(id);
            assertThat(response.json().get("detail").stringValue()).contains("checksum");
        }
    }

    @Test
    void aModelWhoseFileIsLostIsReportedBrokenUntilPutWeightsRepairsIt() throws Exception {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
            assertThat(api.put("/api/v1/models/" + id + "/weights", LessonNetworksEndToEndTest.DETECTOR_WEIGHTS).status())
                    .isEqualTo(200);
        }
        Files.delete(modelFiles(id).get(0));

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = api(second);
            JsonNode health = api.get("/actuator/health").json().at("/components/modelStore");
            assertThat(health.get("status").stringValue()).isEqualTo("UP");
            assertThat(health.at("/details/brokenModels/0/modelId").stringValue()).isEqualTo(id);
            assertThat(health.at("/details/brokenModels/0/reason").stringValue()).contains("missing");
            for (ApiClient.Response response : List.of(api.get("/api/v1/models/" + id + "/weights"),
                    api.post("/api/v1/models/" + id + "/predict", LessonNetworksEndToEndTest.LINE_IMAGE),
                    api.get("/api/v1/models/" + id + "/download"))) {
                assertThat(response.status()).isEqualTo(500);
                assertThat(response.json().get("type").stringValue()).isEqualTo("urn:convnet:problem:model-broken");
                assertThat(response.json().get("modelName").stringValue()).isEqualTo("detector");
                assertThat(response.json().get("detail").stringValue()).contains(id).contains("missing").contains("PUT");
            }

            assertThat(api.put("/api/v1/models/" + id + "/weights", LessonNetworksEndToEndTest.DETECTOR_WEIGHTS).status())
                    .isEqualTo(200);
            assertThat(api.post("/api/v1/models/" + id + "/predict", LessonNetworksEndToEndTest.LINE_IMAGE)
                    .json().get("outputs").toString()).isEqualTo("[[3.0]]");
            assertThat(api.get("/actuator/health").json().at("/components/modelStore/details/brokenModelCount").intValue())
                    .isZero();
        }
    }

    @Test
    void aTrainedModelWithoutWeightsIsBrokenNotServedFromItsSeed() throws Exception {
        String parent;
        String trained;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            parent = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
            trained = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
        }
        // What a trained model saved in two unguarded steps left behind: its row, but no weights row or file.
        try (Connection db = DriverManager.getConnection(h2Url(), "sa", "");
             PreparedStatement update = db.prepareStatement("UPDATE models SET kind = 'TRAINED', parent_model_id = ? WHERE id = ?")) {
            update.setString(1, parent);
            update.setString(2, trained);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = api(second);
            ApiClient.Response weights = api.get("/api/v1/models/" + trained + "/weights");
            assertThat(weights.status()).isEqualTo(500);
            assertThat(weights.json().get("detail").stringValue()).contains("no weights file");
            assertThat(api.get("/actuator/health").json().at("/components/modelStore/details/brokenModels/0/modelId")
                    .stringValue()).isEqualTo(trained);
            assertThat(api.get("/api/v1/models/" + parent + "/weights").status()).isEqualTo(200);
        }
    }

    @Test
    void filesNoRowNamesAndUnfinishedWritesAreDeletedAtStart() throws Exception {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
            api.put("/api/v1/models/" + id + "/weights", LessonNetworksEndToEndTest.DETECTOR_WEIGHTS);
        }
        Path named = modelFiles(id).get(0);
        Path orphan = Files.writeString(named.resolveSibling("network-orphan.zip"), "written, never committed");
        Path partial = Files.writeString(named.resolveSibling(".partial-123.tmp"), "half");
        Path deletedModel = Files.createDirectories(dataDir.resolve("models").resolve(java.util.UUID.randomUUID().toString()));
        Files.writeString(deletedModel.resolve("network-x.zip"), "of a model whose row is gone");
        Path checkpoint = Files.createDirectories(dataDir.resolve("checkpoints").resolve(java.util.UUID.randomUUID().toString()))
                .resolve("epoch-1-0000.zip");
        Files.writeString(checkpoint, "of a job that names no checkpoint");

        try (ConfigurableApplicationContext second = start()) {
            assertThat(api(second).post("/api/v1/models/" + id + "/predict", LessonNetworksEndToEndTest.LINE_IMAGE)
                    .json().get("outputs").toString()).isEqualTo("[[3.0]]");
            assertThat(modelFiles(id)).containsExactly(named);
            assertThat(orphan).doesNotExist();
            assertThat(partial).doesNotExist();
            assertThat(deletedModel).doesNotExist();
            assertThat(checkpoint).doesNotExist();
        }
    }

    private String h2Url() {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("convnet") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }
}
