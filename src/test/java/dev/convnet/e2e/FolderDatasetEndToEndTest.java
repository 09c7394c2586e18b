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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A configured folder of JPEGs is listed as a dataset and trained on over HTTP, streamed from disk. */
class FolderDatasetEndToEndTest extends PostgresIntegrationTest {

    @DynamicPropertySource
    static void folder(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("convnet-folder-");
        Random random = new Random(8);
        for (String name : new String[] {"dark", "light"}) {
            Path dir = Files.createDirectories(root.resolve(name));
            int base = name.equals("dark") ? 50 : 200;
            for (int i = 0; i < 100; i++) {
                BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 20; x++) {
                        int v = Math.max(0, Math.min(255, base + random.nextInt(31) - 15));
                        image.setRGB(x, y, v << 16 | v << 8 | v);
                    }
                }
                ImageIO.write(image, "jpg", dir.resolve(String.format("%03d.jpg", i)).toFile());
            }
        }
        registry.add("convnet.folder-datasets.datasets.jpegs.path", root::toString);
        registry.add("convnet.folder-datasets.datasets.jpegs.height", () -> "10");
        registry.add("convnet.folder-datasets.datasets.jpegs.width", () -> "10");
        registry.add("convnet.folder-datasets.datasets.jpegs.channels", () -> "1");
        registry.add("convnet.folder-datasets.datasets.jpegs.test-fraction", () -> "0.2");
    }

    @Test
    void aFolderOfJpegsIsListedAndOneEpochTrainsOnItStreamed() {
        JsonNode dataset = api().get("/api/v1/datasets/jpegs").json();
        assertThat(dataset.get("source").stringValue()).isEqualTo("FOLDER");
        assertThat(dataset.get("trainSize").intValue()).isEqualTo(160);
        assertThat(dataset.get("testSize").intValue()).isEqualTo(40);
        assertThat(dataset.get("classes").findValuesAsString("name")).containsExactly("dark", "light");

        ApiClient.Response submitted = api().post("/api/v1/training-jobs", """
                {"model": {"definition": {"name": "folder_cnn", "inputShape": [10, 10, 1], "layers": [
                  {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
                  {"type": "globalAveragePooling2d"},
                  {"type": "dense", "units": 2, "activation": "softmax"}]}},
                 "dataset": "jpegs", "epochs": 1, "batchSize": 16, "seed": 4,
                 "optimizer": {"type": "adam", "learningRate": 0.05},
                 "augmentation": {"horizontalFlip": true, "cropPadding": 1}}""");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").stringValue();
        JsonNode job = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().get("/api/v1/training-jobs/" + id).json(),
                        j -> List.of("SUCCEEDED", "FAILED").contains(j.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("history")).hasSize(1);
        assertThat(job.at("/history/0/validationAccuracy").doubleValue()).as(job.toString()).isGreaterThan(0.9);
        JsonNode evaluation = api().get("/api/v1/models/" + job.get("resultModelId").stringValue() + "/evaluation").json();
        assertThat(evaluation.at("/report/examples").intValue()).isEqualTo(40);
    }
}
