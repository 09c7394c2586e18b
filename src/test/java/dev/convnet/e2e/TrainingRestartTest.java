package dev.convnet.e2e;

import dev.convnet.ConvnetServiceApplication;
import dev.convnet.support.ApiClient;
import dev.convnet.support.TestDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that restarts while training: a job with a checkpoint resumes from it and finishes; a job without one
 * is failed with the reason; one that lost its checkpoint starts over with one history row per epoch. No job stays
 * RUNNING, and no job stays QUEUED without a job-engine execution. (Embedded H2 file database, node name fixed.)
 */
class TrainingRestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ConvnetServiceApplication.class).run("--server.port=0",
                "--convnet.data-dir=" + dataDir, "--convnet.training.node-name=restart-test-node",
                "--convnet.datasets.download-enabled=false");
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static JsonNode await(ApiClient api, String id, java.util.function.Predicate<JsonNode> condition) {
        return Awaitility.await("training job " + id).atMost(Duration.ofMinutes(3))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/training-jobs/" + id).json(), condition);
    }

    private String submitLongJob(ApiClient api, int epochs) {
        if (api.get("/api/v1/datasets/leftright").status() == 404) {
            api.postMultipart("/api/v1/datasets", "file", "leftright.zip", TestDatasets.leftRightZip(64, 16, 1),
                    Map.of("name", "leftright"));
        }
        ApiClient.Response submitted = api.post("/api/v1/training-jobs", "{\"model\": {\"definition\": "
                + TrainingJobsEndToEndTest.SMALL_MODEL + "}, \"dataset\": \"leftright\", \"epochs\": " + epochs
                + ", \"batchSize\": 8, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.05}, \"seed\": 5,"
                + " \"checkpointEveryEpochs\": 1}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return submitted.json().get("id").stringValue();
    }

    @Test
    void aJobInterruptedByAShutdownResumesFromItsCheckpoint() throws Exception {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = submitLongJob(api, 40);
            await(api, id, job -> job.get("history").size() >= 2);
        }
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = api(second);
            JsonNode job = await(api, id, j -> j.get("state").stringValue().equals("SUCCEEDED")
                    || j.get("state").stringValue().equals("FAILED"));
            assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("history")).hasSize(40);
            assertThat(job.get("error").isNull() ? "" : job.get("error").stringValue()).isEmpty();
        }
    }

    @Test
    void aResumedJobWhoseCheckpointIsUnreadableStartsOverWithOneHistoryRowPerEpoch() throws Exception {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = submitLongJob(api, 10);
            await(api, id, job -> job.get("history").size() >= 2);
        }
        try (var checkpoints = Files.list(dataDir.resolve("checkpoints").resolve(id))) {
            for (Path checkpoint : checkpoints.toList()) {
                Files.writeString(checkpoint, "not a model file any more");
            }
        }
        try (ConfigurableApplicationContext second = start()) {
            JsonNode job = await(api(second), id, j -> j.get("state").stringValue().equals("SUCCEEDED")
                    || j.get("state").stringValue().equals("FAILED"));
            assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("history").findValues("epoch").stream().map(JsonNode::intValue).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 10).boxed().toList());
        }
        assertThat(dataDir.resolve("checkpoints").resolve(id)).doesNotExist();
    }

    @Test
    void queuedJobsThatLostTheirJobEngineExecutionRunAfterARestart() throws Exception {
        String running;
        String queued;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            running = submitLongJob(api, 10);
            await(api, running, job -> job.get("state").stringValue().equals("RUNNING"));
            queued = submitLongJob(api, 2);
            assertThat(api.get("/api/v1/training-jobs/" + queued).json().get("state").stringValue()).isEqualTo("QUEUED");
        }
        // A job answered 202 whose execution is gone (the "QUEUED forever").
        try (Connection db = DriverManager.getConnection(h2Url(), "sa", "")) {
            assertThat(db.createStatement().executeUpdate("DELETE FROM scheduled_tasks")).isPositive();
        }
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = api(second);
            for (String id : List.of(running, queued)) {
                JsonNode job = await(api, id, j -> j.get("state").stringValue().equals("SUCCEEDED")
                        || j.get("state").stringValue().equals("FAILED"));
                assertThat(job.get("state").stringValue()).as(job.toString()).isIn("SUCCEEDED", "FAILED");
            }
            assertThat(api.get("/api/v1/training-jobs/" + queued).json().get("state").stringValue()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aJobLeftRunningByACrashWithoutCheckpointIsFailedWithTheReason() throws Exception {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = api(first);
            id = submitLongJob(api, 3);
            await(api, id, job -> job.get("state").stringValue().equals("SUCCEEDED"));
        }
        // What a killed process leaves behind: the row still RUNNING on this node, and no checkpoint.
        try (Connection db = DriverManager.getConnection(h2Url(), "sa", "");
             PreparedStatement crash = db.prepareStatement("UPDATE training_jobs SET state = 'RUNNING', node = 'restart-test-node', "
                     + "finished_at = NULL, checkpoint_file = NULL WHERE id = ?")) {
            crash.setString(1, id);
            assertThat(crash.executeUpdate()).isEqualTo(1);
        }
        try (ConfigurableApplicationContext second = start()) {
            JsonNode job = api(second).get("/api/v1/training-jobs/" + id).json();
            assertThat(job.get("state").stringValue()).isEqualTo("FAILED");
            assertThat(job.get("error").stringValue()).contains("restarted").contains("no checkpoint");
        }
    }

    private String h2Url() {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("convnet") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }
}
