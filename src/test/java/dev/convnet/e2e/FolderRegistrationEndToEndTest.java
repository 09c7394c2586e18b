package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A folder of images written under an allowed root is registered over HTTP, listed, trained on for one epoch
 * through the training jobs API and unregistered; paths outside the roots, escapes through {@code ..} and links,
 * folders without {@code train/} and taken names are refused with nothing registered.
 */
class FolderRegistrationEndToEndTest extends PostgresIntegrationTest {

    private static Path allowed;
    private static Path outside;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void roots(DynamicPropertyRegistry registry) throws IOException {
        Path base = Files.createTempDirectory("convnet-folders-");
        allowed = Files.createDirectories(base.resolve("allowed"));
        outside = Files.createDirectories(base.resolve("outside"));
        registry.add("convnet.datasets.folder-roots", allowed::toString);
    }

    /** Dark and light grey squares, PNG and JPEG mixed, under train/ and val/. */
    private static Path shades(Path root) throws IOException {
        Random random = new Random(3);
        for (String split : new String[] {"train", "val"}) {
            int count = split.equals("train") ? 60 : 15;
            for (String name : new String[] {"dark", "light"}) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(name));
                int base = name.equals("dark") ? 50 : 200;
                for (int i = 0; i < count; i++) {
                    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            int v = Math.max(0, Math.min(255, base + random.nextInt(31) - 15));
                            image.setRGB(x, y, v << 16 | v << 8 | v);
                        }
                    }
                    String format = i % 2 == 0 ? "png" : "jpg";
                    ImageIO.write(image, format, dir.resolve(String.format("%03d.%s", i, format)).toFile());
                }
            }
        }
        return root;
    }

    private static String registration(String name, Object path) {
        return """
                {"name": "%s", "path": "%s", "height": 8, "width": 8, "channels": 1}""".formatted(name, path);
    }

    private void refused(String name, Object path, int status, String type) {
        ApiClient.Response response = api().post("/api/v1/datasets/folders", registration(name, path));
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").stringValue()).isEqualTo("urn:convnet:problem:" + type);
        assertThat(response.json().get("field").stringValue()).isIn("/path", "/name");
    }

    @Test
    void aRegisteredFolderIsListedTrainedOnAndUnregisteredLeavingItsFiles() throws IOException {
        Path folder = shades(allowed.resolve("shades"));
        ApiClient.Response created = api().post("/api/v1/datasets/folders", registration("shades", folder));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).endsWith("/api/v1/datasets/shades");
        assertThat(created.json().get("source").stringValue()).isEqualTo("FOLDER");
        assertThat(created.json().get("trainSize").intValue()).isEqualTo(120);
        assertThat(created.json().get("testSize").intValue()).isEqualTo(30);
        assertThat(jdbc.sql("SELECT path FROM folder_datasets WHERE name = 'shades'").query(String.class).single())
                .isEqualTo(folder.toRealPath().toString());

        JsonNode listed = api().get("/api/v1/datasets").json();
        JsonNode shades = null;
        for (JsonNode dataset : listed) {
            if (dataset.get("name").stringValue().equals("shades")) {
                shades = dataset;
            }
        }
        assertThat(shades).as(listed.toString()).isNotNull();
        assertThat(shades.get("available").booleanValue()).isTrue();
        assertThat(shades.get("classes").findValuesAsString("name")).containsExactly("dark", "light");
        assertThat(shades.at("/shape/height").intValue()).as(shades.toString()).isEqualTo(8);

        ApiClient.Response submitted = api().post("/api/v1/training-jobs", """
                {"model": {"definition": {"name": "shades_cnn", "inputShape": [8, 8, 1], "layers": [
                  {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
                  {"type": "globalAveragePooling2d"},
                  {"type": "dense", "units": 2, "activation": "softmax"}]}},
                 "dataset": "shades", "epochs": 1, "batchSize": 16, "seed": 5,
                 "optimizer": {"type": "adam", "learningRate": 0.05}}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").stringValue();
        JsonNode job = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> api().get("/api/v1/training-jobs/" + id).json(),
                        j -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(j.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("history")).hasSize(1);
        JsonNode evaluation = api().get("/api/v1/models/" + job.get("resultModelId").stringValue() + "/evaluation").json();
        assertThat(evaluation.at("/report/examples").intValue()).as(evaluation.toString()).isEqualTo(30);

        refused("shades", folder, 409, "dataset-exists");

        assertThat(api().delete("/api/v1/datasets/folders/shades").status()).isEqualTo(204);
        assertThat(api().get("/api/v1/datasets/shades").status()).isEqualTo(404);
        assertThat(api().get("/api/v1/datasets").body()).doesNotContain("\"shades\"");
        assertThat(folder.resolve("train/dark/000.png")).isRegularFile();
        assertThat(folder.resolve("val/light/001.jpg")).isRegularFile();
        assertThat(api().delete("/api/v1/datasets/folders/shades").status()).isEqualTo(404);
        assertThat(api().delete("/api/v1/datasets/folders/mnist").status()).isEqualTo(409);
    }

    @Test
    void foldersOutsideTheRootsWithoutTrainOrUnderATakenNameAreRefused() throws IOException {
        Path escaped = shades(outside.resolve("escaped"));
        refused("escaped", escaped, 403, "folder-not-allowed");
        refused("dotdot", allowed.resolve("..").resolve("outside").resolve("escaped"), 403, "folder-not-allowed");
        Path link = Files.createSymbolicLink(allowed.resolve("link"), escaped);
        refused("linked", link, 403, "folder-not-allowed");

        Path flat = Files.createDirectories(allowed.resolve("flat"));
        Files.createDirectories(flat.resolve("dark"));
        refused("flat", flat, 422, "invalid-folder-dataset");
        refused("missing", allowed.resolve("missing"), 422, "invalid-folder-dataset");

        Path valid = shades(allowed.resolve("valid"));
        refused("mnist", valid, 409, "dataset-exists");
        ApiClient.Response relative = api().post("/api/v1/datasets/folders", registration("relative", "valid"));
        assertThat(relative.status()).isEqualTo(400);
        assertThat(relative.json().get("field").stringValue()).isEqualTo("/path");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM folder_datasets WHERE name IN ('escaped', 'dotdot', 'linked', 'flat',"
                + " 'missing', 'mnist', 'relative')").query(Integer.class).single()).isZero();
        assertThat(escaped.resolve("train/dark/000.png")).isRegularFile();
    }
}
