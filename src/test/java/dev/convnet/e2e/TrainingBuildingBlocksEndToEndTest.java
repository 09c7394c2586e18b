package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresIntegrationTest;
import dev.convnet.support.TestDatasets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

/** Label smoothing, random crop and cutout, and test-time flipping, as a user meets them over HTTP. */
class TrainingBuildingBlocksEndToEndTest extends PostgresIntegrationTest {

    @BeforeEach
    void uploadDataset() {
        if (api().get("/api/v1/datasets/leftright").status() == 404) {
            ApiClient.Response uploaded = api().postMultipart("/api/v1/datasets", "file", "leftright.zip",
                    TestDatasets.leftRightZip(64, 16, 1), Map.of("name", "leftright"));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        }
    }

    private static String job(String extra) {
        return "{\"model\": {\"definition\": " + TrainingJobsEndToEndTest.SMALL_MODEL + "}, \"dataset\": \"leftright\", "
                + "\"epochs\": 2, \"batchSize\": 8, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.1}, \"seed\": 5"
                + extra + "}";
    }

    @Test
    void theNewFieldsAreRefusedNamingTheFieldWhenTheyDoNotFitModelOrData() {
        Map<String, String> cases = Map.of(
                job(", \"loss\": \"mean_squared_error\", \"labelSmoothing\": 0.1"), "/labelSmoothing",
                job(", \"augmentation\": {\"cropPadding\": 2, \"cropPaddingMode\": \"edge\"}"), "/augmentation/cropPaddingMode",
                job(", \"augmentation\": {\"cropPadding\": 8, \"cropPaddingMode\": \"reflect\"}"), "/augmentation/cropPadding",
                job(", \"augmentation\": {\"cutoutSize\": 9}"), "/augmentation/cutoutSize",
                job(", \"augmentation\": {\"cutoutSize\": 2, \"cutoutFill\": \"grey\"}"), "/augmentation/cutoutFill",
                job(", \"augmentation\": {\"cutoutProbability\": 0.5}"), "/augmentation/cutoutProbability");
        cases.forEach((body, field) -> {
            ApiClient.Response response = api().post("/api/v1/training-jobs", body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.json().get("field").stringValue()).as(response.body()).isEqualTo(field);
        });
    }

    @Test
    void aJobWithSmoothingCropAndCutoutTrainsAndItsModelIsEvaluatedAndServedWithFlipping() {
        ApiClient.Response submitted = api().post("/api/v1/training-jobs", job(", \"labelSmoothing\": 0.1, \"augmentation\": "
                + "{\"cropPadding\": 1, \"cropPaddingMode\": \"reflect\", \"cutoutSize\": 3, \"cutoutProbability\": 0.5, "
                + "\"cutoutFill\": \"mean\"}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").stringValue();
        JsonNode job = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().get("/api/v1/training-jobs/" + id).json(),
                        j -> List.of("SUCCEEDED", "FAILED").contains(j.get("state").stringValue()));
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/request/labelSmoothing").doubleValue()).isEqualTo(0.1);
        assertThat(job.at("/request/augmentation/cropPaddingMode").stringValue()).isEqualTo("reflect");
        assertThat(job.at("/request/augmentation/cutoutSize").intValue()).isEqualTo(3);
        assertThat(job.get("history")).hasSize(2);
        String modelId = job.get("resultModelId").stringValue();

        ApiClient.Response evaluated = api().post("/api/v1/models/" + modelId + "/evaluation?testTimeFlip=true", "");
        assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
        assertThat(evaluated.json().at("/report/testTimeFlip").booleanValue()).isTrue();
        assertThat(evaluated.json().at("/report/examples").intValue()).isEqualTo(32);
        assertThat(api().get("/api/v1/models/" + modelId + "/evaluation").json().at("/report/testTimeFlip").booleanValue())
                .isTrue();

        float[][][][] images = new float[3][8][8][1];
        Random random = new Random(2);
        for (float[][][] image : images) {
            for (float[][] row : image) {
                for (float[] pixel : row) {
                    pixel[0] = random.nextFloat();
                }
            }
        }
        float[][][][] mirrors = new float[3][8][8][1];
        for (int i = 0; i < 3; i++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    mirrors[i][y][7 - x][0] = images[i][y][x][0];
                }
            }
        }
        JsonNode plain = predict(modelId, images, false);
        JsonNode mirrored = predict(modelId, mirrors, false);
        JsonNode flipped = predict(modelId, images, true);
        assertThat(flipped.get("testTimeFlip").booleanValue()).isTrue();
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 2; k++) {
                double mean = (plain.at("/outputs/" + i + "/" + k).doubleValue() + mirrored.at("/outputs/" + i + "/" + k).doubleValue()) / 2;
                assertThat(flipped.at("/outputs/" + i + "/" + k).doubleValue()).isCloseTo(mean, offset(1e-6));
            }
        }
        ApiClient.Response flat = api().post("/api/v1/models/" + modelId + "/predict", "{\"inputs\": [1, 2], \"testTimeFlip\": true}");
        assertThat(flat.status()).isEqualTo(400);
    }

    private JsonNode predict(String modelId, float[][][][] images, boolean flip) {
        ApiClient.Response response = api().post("/api/v1/models/" + modelId + "/predict",
                ApiClient.parse("{\"inputs\": " + java.util.Arrays.deepToString(images) + ", \"testTimeFlip\": " + flip + "}"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
