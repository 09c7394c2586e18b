package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresTestDatabase;
import dev.convnet.support.ServiceProcess;
import dev.convnet.support.TestDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash consistency: the service runs in a JVM of its own and is killed with SIGKILL at a random moment of a scripted
 * workload ({@link CrashWorkload}); the restart then checks that every write it had answered 2xx is there, that the
 * one in flight happened completely or not at all, and that nothing half-made is listed or served
 * ({@link ConfirmedWrites}). Trials are chained: the start that checks trial N runs trial N+1. On the embedded
 * default (H2) and on PostgreSQL, each with its own data directory and database.
 *
 * <p>{@code -Dconvnet.crash.trials} or {@code CONVNET_CRASH_TRIALS} sets the trials per database (default 20;
 * {@code bench/crash-trials.sh} runs more); {@code -Dconvnet.crash.seed} or {@code CONVNET_CRASH_SEED} repeats a run's
 * random choices, which the output names with every kill point.
 */
class CrashConsistencyTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(1);

    @Test
    void everyConfirmedWriteSurvivesKillsOnTheEmbeddedDatabase(@TempDir Path dir) {
        run("h2", dir, List.of());
    }

    @Test
    void everyConfirmedWriteSurvivesKillsOnPostgresql(@TempDir Path dir) {
        PostgresTestDatabase.Connection db = PostgresTestDatabase.newDatabase();
        run("postgresql", dir, List.of("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password()));
    }

    private static void run(String database, Path dir, List<String> databaseArguments) {
        int trials = Integer.parseInt(setting("convnet.crash.trials", "CONVNET_CRASH_TRIALS", "20"));
        long seed = Long.parseLong(setting("convnet.crash.seed", "CONVNET_CRASH_SEED", Long.toString(new Random().nextLong())));
        Random random = new Random(seed);
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("service.log");
        List<String> arguments = new ArrayList<>(List.of("--convnet.data-dir=" + dataDir,
                "--convnet.training.node-name=crash-node", "--convnet.datasets.download-enabled=false",
                "--convnet.api.max-request-size=8MB", "--convnet.inference.max-loaded-models=4",
                "--convnet.inference.workers-per-model=1"));
        arguments.addAll(databaseArguments);
        String prefix = "[crash " + database + ", seed " + seed + "] ";
        System.out.println(prefix + trials + " trials");

        ConfirmedWrites writes = new ConfirmedWrites();
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "crash-workload");
            thread.setDaemon(true);
            return thread;
        });
        Map<CrashWorkload.Step, Integer> killsByStep = new EnumMap<>(CrashWorkload.Step.class);
        int beforeAnswer = 0;
        long started = System.nanoTime();
        ServiceProcess service = ServiceProcess.start(arguments, log);
        try {
            CrashWorkload workload = setUp(service.api(), writes, random, executor);
            for (int trial = 1; trial <= trials; trial++) {
                CrashWorkload.KillPoint kill = workload.run(trial, service.api(), service);
                killsByStep.merge(kill.step(), 1, Integer::sum);
                beforeAnswer += kill.answer().equals(CrashWorkload.NO_ANSWER) ? 1 : 0;
                long restarting = System.nanoTime();
                service = ServiceProcess.start(arguments, log);
                long checking = System.nanoTime();
                String checked;
                try {
                    checked = writes.verify(service.api(), dataDir, JOB_TIMEOUT);
                } catch (AssertionError e) {
                    throw new AssertionError(prefix + "after " + kill + ": " + e.getMessage() + "\nThe service's last lines:\n"
                            + ServiceProcess.tail(log, 80), e);
                }
                System.out.printf("%s%s; restarted in %.1f s, %s checked in %d ms%n", prefix, kill,
                        (checking - restarting) / 1e9, checked, (System.nanoTime() - checking) / 1_000_000);
            }
        } finally {
            service.close();
            executor.shutdownNow();
        }
        System.out.printf("%s%d trials passed in %.0f s; kills by step: %s, %d of them before the answer%n", prefix, trials,
                (System.nanoTime() - started) / 1e9, killsByStep, beforeAnswer);
    }

    /** The dataset the jobs train on, and the model file the imports read: made once, before the first kill. */
    private static CrashWorkload setUp(ApiClient api, ConfirmedWrites writes, Random random, ExecutorService executor) {
        ApiClient.Response dataset = api.postMultipart("/api/v1/datasets", "file", "leftright.zip",
                TestDatasets.leftRightZip(32, 8, 1), Map.of("name", "leftright"));
        assertThat(dataset.status()).as(dataset.body()).isEqualTo(201);

        ApiClient.Response created = api.post("/api/v1/models", CrashWorkload.model("crash-reference"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        writes.created(id);
        JsonNode initial = api.get("/api/v1/models/" + id + "/weights").json().get("weights");
        writes.initialWeights(id, ConfirmedWrites.fingerprint(initial));
        JsonNode weights = CrashWorkload.randomWeights(initial, random);
        assertThat(api.put("/api/v1/models/" + id + "/weights", weights.toString()).status()).isEqualTo(200);
        String fingerprint = ConfirmedWrites.fingerprint(weights);
        writes.weightsSet(id, fingerprint);
        ApiClient.BinaryResponse file = api.getBytes("/api/v1/models/" + id + "/download");
        assertThat(file.status()).isEqualTo(200);
        return new CrashWorkload(writes, file.body(), fingerprint, random, executor);
    }

    private static String setting(String property, String environment, String defaultValue) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
