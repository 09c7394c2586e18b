package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresTestDatabase;
import dev.convnet.support.ServiceProcess;
import dev.convnet.support.TestDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An experiment outlives a SIGKILL of the node running it: the service runs in a JVM of its own
 * ({@link ServiceProcess}) on a new PostgreSQL database, trains an experiment of 2 variants x 1 seed, 2 epochs each,
 * on a subset of the real Fashion-MNIST, and is killed inside a run's first epoch. A new JVM on the same database and
 * data directory finishes the experiment: the interrupted run is trained again under a new job, every variant has
 * its result from exactly one run, and the results and both reports answer.
 */
class ExperimentRestartTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Test
    void anExperimentKilledMidRunFinishesAfterARestartWithEachRunCountedOnce(@TempDir Path dir) throws Exception {
        Path fashion = TestDatasets.sharedDatasetsDir().resolve("fashion-mnist");
        assumeTrue(Files.exists(fashion.resolve("train-images-idx3-ubyte.gz")) || "true".equals(System.getenv("CI")),
                "real Fashion-MNIST not found in " + fashion);
        PostgresTestDatabase.Connection db = PostgresTestDatabase.newDatabase();
        Path log = dir.resolve("service.log");
        List<String> arguments = List.of("--convnet.data-dir=" + dir.resolve("data"),
                // the restarted JVM is the same node: it recovers what the killed one was running
                "--convnet.training.node-name=experiment-node",
                "--convnet.datasets.download-enabled=false",
                "--convnet.experiments.reconcile-interval=250ms",
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password());

        long started = System.nanoTime();
        String id;
        String interruptedJob;
        String interruptedVariant;
        try (ServiceProcess first = ServiceProcess.start(arguments, log)) {
            ApiClient api = first.api();
            ApiClient.Response uploaded = api.postMultipart("/api/v1/datasets", "file", "fashion-restart.zip",
                    ExperimentEndToEndTest.subsetZip(fashion, 40, 10), Map.of("name", "fashion-restart"));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
            // No checkpoints: a run killed mid-training cannot resume, so the experiment has to run it again.
            ApiClient.Response created = api.post("/api/v1/experiments", """
                    {"name": "killed mid-run",
                     "base": {"model": {"definition": %s}, "dataset": "fashion-restart", "epochs": 2, "batchSize": 16,
                              "optimizer": {"type": "sgd", "learningRate": 0.05}, "validation": {"mode": "test"},
                              "seed": 11, "checkpointEveryEpochs": 0},
                     "variants": [{"name": "sgd"}, {"name": "adam", "patch": {"optimizer": {"type": "adam", "learningRate": 0.003}}}],
                     "seeds": 1,
                     "maxParallelRuns": 1}""".formatted(ExperimentEndToEndTest.MODEL));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            id = created.json().get("id").stringValue();
            assertThat(created.json().at("/progress/total").intValue()).isEqualTo(2);

            // Kill inside a run's first epoch: the whole second epoch is still ahead, whatever the machine's speed.
            Map<String, String> inFirstEpoch = await("a run in its first epoch").atMost(TIMEOUT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> runInFirstEpoch(api, id), Optional::isPresent).orElseThrow();
            first.kill();
            System.out.printf("[experiment restart] killed %.1f s after the first start%n", (System.nanoTime() - started) / 1e9);
            interruptedJob = inFirstEpoch.get("job");
            interruptedVariant = inFirstEpoch.get("variant");
        }

        long restarting = System.nanoTime();
        try (ServiceProcess second = ServiceProcess.start(arguments, log)) {
            ApiClient api = second.api();
            long ready = System.nanoTime();
            JsonNode done = await("experiment " + id + " after the restart").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.get("/api/v1/experiments/" + id).json(), e -> !e.get("state").stringValue().equals("RUNNING"));
            System.out.printf("[experiment restart] restarted in %.1f s; the experiment ended %.1f s later, %.1f s after the "
                    + "first start%n", (ready - restarting) / 1e9, (System.nanoTime() - ready) / 1e9,
                    (System.nanoTime() - started) / 1e9);
            assertThat(done.get("state").stringValue()).as("%s\nThe service's last lines:\n%s", done, ServiceProcess.tail(log, 60))
                    .isEqualTo("SUCCEEDED");
            assertThat(done.at("/progress/total").intValue()).isEqualTo(2);
            assertThat(done.at("/progress/succeeded").intValue()).isEqualTo(2);
            assertThat(done.at("/progress/failed").intValue()).isZero();

            JsonNode lost = api.get("/api/v1/training-jobs/" + interruptedJob).json();
            assertThat(lost.get("state").stringValue()).as("the job the kill interrupted: %s", lost).isEqualTo("FAILED");
            assertThat(lost.get("error").stringValue()).contains("restarted").contains("no checkpoint");

            Map<String, String> jobOfVariant = new HashMap<>();
            for (JsonNode variant : done.get("variants")) {
                assertThat(variant.get("runs")).as(variant.toString()).hasSize(1);
                JsonNode run = variant.get("runs").get(0);
                assertThat(run.get("state").stringValue()).isEqualTo("SUCCEEDED");
                assertThat(run.get("retries").intValue()).as(variant.toString())
                        .isEqualTo(variant.get("name").stringValue().equals(interruptedVariant) ? 1 : 0);
                assertThat(run.get("jobId").stringValue()).isNotEqualTo(interruptedJob);
                jobOfVariant.put(variant.get("name").stringValue(), run.get("jobId").stringValue());
            }

            JsonNode results = api.get("/api/v1/experiments/" + id + "/results").json();
            assertThat(results.get("variants")).hasSize(2);
            Set<String> counted = new HashSet<>();
            for (JsonNode variant : results.get("variants")) {
                String name = variant.get("name").stringValue();
                assertThat(variant.get("succeededRuns").intValue()).as(name).isEqualTo(1);
                assertThat(variant.get("runDetails")).as(name).hasSize(1);
                JsonNode run = variant.get("runDetails").get(0);
                assertThat(run.get("jobId").stringValue()).as(name).isEqualTo(jobOfVariant.get(name));
                assertThat(counted.add(run.get("jobId").stringValue())).as("job counted once: %s", run).isTrue();
                assertThat(run.get("testAccuracy").doubleValue()).as(name).isGreaterThan(0.2); // better than chance (0.1)
                JsonNode job = api.get("/api/v1/training-jobs/" + run.get("jobId").stringValue()).json();
                assertThat(job.get("history").findValues("epoch").stream().map(JsonNode::intValue).toList())
                        .as("one history row per epoch: %s", job).containsExactly(1, 2);
            }

            ApiClient.Response markdown = api.get("/api/v1/experiments/" + id + "/report.md", "text/markdown");
            assertThat(markdown.status()).isEqualTo(200);
            assertThat(markdown.body()).contains("sgd").contains("adam");
            ApiClient.Response html = api.get("/api/v1/experiments/" + id + "/report.html", "text/html");
            assertThat(html.status()).isEqualTo(200);
            assertThat(html.body()).contains("<td>sgd</td>").contains("<td>adam</td>");
        }
    }

    /** The job and variant of a run whose job is RUNNING and has no epoch done yet, if there is one. */
    private static Optional<Map<String, String>> runInFirstEpoch(ApiClient api, String experiment) {
        JsonNode view = api.get("/api/v1/experiments/" + experiment).json();
        assertThat(view.get("state").stringValue()).as("the experiment before the kill: %s", view).isEqualTo("RUNNING");
        for (JsonNode variant : view.get("variants")) {
            for (JsonNode run : variant.get("runs")) {
                if (run.get("state").stringValue().equals("RUNNING")) {
                    String job = run.get("jobId").stringValue();
                    JsonNode training = api.get("/api/v1/training-jobs/" + job).json();
                    if (training.get("state").stringValue().equals("RUNNING") && training.get("history").isEmpty()) {
                        return Optional.of(Map.of("job", job, "variant", variant.get("name").stringValue()));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
