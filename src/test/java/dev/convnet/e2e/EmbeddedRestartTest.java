package dev.convnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convnet.ConvnetServiceApplication;
import dev.convnet.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** On its embedded defaults (H2 file under the data directory) the service keeps models and weights across a restart. */
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
            assertThat(response.json().get("detail").stringValue()).contains("checksum");
        }
    }
}
