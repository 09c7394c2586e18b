package dev.convnet.cluster;

import dev.convnet.ConvnetServiceApplication;
import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresTestDatabase;
import dev.convnet.support.TestDatasets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on one PostgreSQL database, each its own application context: A (api, serving) takes the changes;
 * B (serving) hears of them by LISTEN/NOTIFY (its version check is too slow to matter); C (serving, notifications
 * off) only by its version check. New weights,
 * an alias move and a delete on A change what B and C answer within {@link #BOUND}; the measured times are printed.
 * The nodes share one data directory, standing in for shared artifact storage.
 */
class ClusterCoherenceTest {

    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    /** B's version check is this slow, so that its answers within {@link #BOUND} can only come from NOTIFY. */
    private static final Duration NOTIFIED_CHECK_INTERVAL = Duration.ofSeconds(30);
    private static final String ALIAS = "/api/v1/models/by-name/detector/aliases/production";
    /** The stated bound: one version-check interval, plus a slow machine's time to load the new weights. */
    static final Duration BOUND = CHECK_INTERVAL.plusSeconds(2);
    private static final String ROW = "0,0,0,1,1,0,0,0";
    private static final String LINE = "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 8, 8, 1], \"datatype\": \"FP32\","
            + " \"data\": [" + String.join(",", java.util.Collections.nCopies(8, ROW)) + "]}]}";

    private static PostgresTestDatabase.Connection db;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static ConfigurableApplicationContext nodeC;
    private static ApiClient a;
    private static ApiClient b;
    private static ApiClient c;

    @BeforeAll
    static void startNodes() throws Exception {
        db = PostgresTestDatabase.sharedDatabase("cluster-coherence");
        Path dataDir = Files.createTempDirectory("convnet-cluster-");
        nodeA = start(db, dataDir, "api,serving", true, CHECK_INTERVAL);
        nodeB = start(db, dataDir, "serving", true, NOTIFIED_CHECK_INTERVAL);
        nodeC = start(db, dataDir, "serving", false, CHECK_INTERVAL);
        a = new ApiClient(port(nodeA));
        b = new ApiClient(port(nodeB));
        c = new ApiClient(port(nodeC));
    }

    @AfterAll
    static void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeC, nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void newWeightsAliasMovesAndDeletesReachEveryNodeWithinTheBound() throws InterruptedException {
        // changes the other tests made may still be on their way to B and C: count from a settled state
        long seenByB = settledCount(nodeB);
        long seenByC = settledCount(nodeC);
        Detector first = createDetector(0.0);
        Detector second = createDetector(10.0);
        assertThat(outputOf(b, first.path())).isEqualTo(3.0);
        assertThat(outputOf(c, first.path())).isEqualTo(3.0);

        // new weights on A: B and C hold the first version loaded with bias 0
        assertThat(a.put("/api/v1/models/" + first.id() + "/weights", weights(1.0)).status()).isEqualTo(200);
        report("new weights", first.path(), output -> output == 4.0);

        // the production alias decides what the bare name serves
        assertThat(a.put(ALIAS, "{\"version\": " + first.version() + "}").status()).isEqualTo(200);
        report("alias set", "/v2/models/detector/infer", output -> output == 4.0);
        assertThat(a.put(ALIAS, "{\"version\": " + second.version() + "}").status()).isEqualTo(200);
        report("alias move", "/v2/models/detector/infer", output -> output == 13.0);

        // a delete on A: the first version, loaded on B and C, is a 404 there
        assertThat(a.delete("/api/v1/models/" + first.id()).status()).isIn(200, 204);
        report("delete", "/api/v1/models/" + first.id() + "/predict", null);
        assertThat(outputOf(b, second.path())).isEqualTo(13.0);

        // the change table's own lag, without HTTP and model loading: commit on A to caches dropped on B and C
        Timer viaNotify = propagation(nodeB);
        Timer viaCheck = propagation(nodeC);
        System.out.printf("Cluster coherence, change table to caches: B (LISTEN/NOTIFY) %d changes, mean %.1f ms,"
                        + " max %.1f ms; C (version check every %d ms) %d changes, mean %.1f ms, max %.1f ms%n",
                viaNotify.count(), viaNotify.mean(TimeUnit.MILLISECONDS), viaNotify.max(TimeUnit.MILLISECONDS),
                CHECK_INTERVAL.toMillis(), viaCheck.count(), viaCheck.mean(TimeUnit.MILLISECONDS),
                viaCheck.max(TimeUnit.MILLISECONDS));
        assertThat(viaNotify.count() - seenByB).as("weights set twice, changed once, one delete").isEqualTo(4);
        assertThat(viaCheck.count() - seenByC).isEqualTo(4);
        assertThat(viaNotify.max(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(BOUND.toMillis());
        assertThat(viaCheck.max(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(BOUND.toMillis());
        assertThat(propagation(nodeA).count()).as("A applies its own changes directly").isZero();
    }

    @Test
    void aLostListenConnectionIsOpenedAgainAndNotificationsResume() throws Exception {
        PostgresChangeNotifications listener = nodeB.getBean(PostgresChangeNotifications.class);
        int sessions = listener.sessions();
        assertThat(sessions).as("B listens").isPositive();
        try (Connection admin = DriverManager.getConnection(db.url(), db.username(), db.password());
             Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!(listener.sessions() > sessions && listener.listening()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(listener.sessions()).as("a new LISTEN connection").isGreaterThan(sessions);
        assertThat(listener.listening()).isTrue();

        Timer timer = propagation(nodeB);
        long count = timer.count();
        double total = timer.totalTime(TimeUnit.MILLISECONDS);
        createDetector(5.0);
        // the listener wakes the feed when it connects again: nothing before this change is left to read
        deadline = System.nanoTime() + BOUND.toNanos();
        while (timer.count() == count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(timer.count()).as("B saw the change").isEqualTo(count + 1);
        double lag = timer.totalTime(TimeUnit.MILLISECONDS) - total;
        System.out.printf("Cluster coherence, after a lost LISTEN connection: B saw a change in %.1f ms%n", lag);
        assertThat(lag).as("woken by NOTIFY again").isLessThanOrEqualTo(BOUND.toMillis());
    }

    /** The node's count of replayed changes once it has not moved for four version-check intervals. */
    private static long settledCount(ConfigurableApplicationContext node) throws InterruptedException {
        long before;
        long after = propagation(node).count();
        do {
            before = after;
            Thread.sleep(CHECK_INTERVAL.multipliedBy(4).toMillis());
            after = propagation(node).count();
        } while (after != before);
        return after;
    }

    private static Timer propagation(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).get("convnet.cluster.change.propagation").timer();
    }

    @Test
    void nodesWithoutTheTrainingRoleQueueJobsButNeverTakeThem() throws InterruptedException {
        assertThat(b.get("/actuator/info").json().at("/node/roles").toString()).isEqualTo("[\"serving\"]");
        assertThat(b.get("/actuator/health").status()).isEqualTo(200);
        ApiClient.Response refused = b.get("/api/v1/models");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("requiredRoles").toString()).isEqualTo("[\"api\"]");
        assertThat(a.get("/actuator/info").json().at("/node/roles").toString()).isEqualTo("[\"api\",\"serving\"]");

        ApiClient.Response submitted = a.post("/api/v1/training-jobs", """
                {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 1, "batchSize": 128,
                 "optimizer": {"type": "sgd", "learningRate": 0.01}, "validation": {"mode": "test"}, "seed": 1}""");
        assertThat(submitted.status()).as(submitted.body()).isIn(200, 201, 202);
        String job = submitted.json().get("id").stringValue();
        Thread.sleep(3_000); // three of the job engine's polling intervals
        assertThat(a.get("/api/v1/training-jobs/" + job).json().get("state").stringValue()).isEqualTo("QUEUED");
        assertThat(a.post("/api/v1/training-jobs/" + job + "/cancel", "").status()).isIn(200, 202, 204);
    }

    /** Waits until B and C answer as {@code changed} says (null: 404), prints how long each took, checks the bound. */
    private static void report(String change, String path, Predicate<Double> changed) {
        long start = System.nanoTime();
        long deadline = start + BOUND.multipliedBy(3).toNanos();
        Duration viaNotify = null;
        Duration viaCheck = null;
        while ((viaNotify == null || viaCheck == null) && System.nanoTime() < deadline) {
            if (viaNotify == null && answersChanged(b, path, changed)) {
                viaNotify = Duration.ofNanos(System.nanoTime() - start);
            }
            if (viaCheck == null && answersChanged(c, path, changed)) {
                viaCheck = Duration.ofNanos(System.nanoTime() - start);
            }
            sleep();
        }
        System.out.printf("Cluster coherence, %s: B (LISTEN/NOTIFY) %s ms, C (version check every %d ms) %s ms%n",
                change, millis(viaNotify), CHECK_INTERVAL.toMillis(), millis(viaCheck));
        assertThat(viaNotify).as("B saw the %s", change).isNotNull().isLessThanOrEqualTo(BOUND);
        assertThat(viaCheck).as("C saw the %s", change).isNotNull().isLessThanOrEqualTo(BOUND);
    }

    private static boolean answersChanged(ApiClient node, String path, Predicate<Double> changed) {
        ApiClient.Response response = node.post(path, path.startsWith("/v2") ? LINE : legacyBody());
        return changed == null ? response.status() == 404 : response.status() == 200 && changed.test(output(response));
    }

    private static String millis(Duration took) {
        return took == null ? "(not within " + BOUND.multipliedBy(3).toMillis() + ")" : String.valueOf(took.toMillis());
    }

    private record Detector(String id, int version) {
        String path() {
            return "/v2/models/detector/versions/" + version + "/infer";
        }
    }

    private static Detector createDetector(double bias) {
        ApiClient.Response created = a.post("/api/v1/presets/detector/models", "");
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        Detector detector = new Detector(created.json().get("id").stringValue(), created.json().get("version").intValue());
        assertThat(a.put("/api/v1/models/" + detector.id() + "/weights", weights(bias)).status()).isEqualTo(200);
        return detector;
    }

    /** Kernel [3,3,1,1], a column of ones; the bias given. */
    private static String weights(double bias) {
        return "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]]],[" + bias + "]]";
    }

    private static double outputOf(ApiClient node, String path) {
        ApiClient.Response response = node.post(path, LINE);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return output(response);
    }

    private static double output(ApiClient.Response response) {
        JsonNode json = response.json();
        return json.has("outputs") && json.get("outputs").get(0).has("data")
                ? json.at("/outputs/0/data/0").doubleValue()
                : json.at("/outputs/0/0").doubleValue();
    }

    private static String legacyBody() {
        String row = "[[0],[0],[0],[1],[1],[0],[0],[0]]";
        return "{\"inputs\": [[" + String.join(",", java.util.Collections.nCopies(8, row)) + "]]}";
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext start(PostgresTestDatabase.Connection db, Path dataDir, String roles,
                                                        boolean notify, Duration checkInterval) {
        // as command-line arguments, which take precedence over application.yml
        return new SpringApplicationBuilder(ConvnetServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--convnet.data-dir=" + dataDir,
                "--convnet.datasets.dir=" + TestDatasets.sharedDatasetsDir(),
                "--convnet.datasets.download-enabled=false",
                "--convnet.node.roles=" + roles,
                "--convnet.cluster.notify.enabled=" + notify,
                "--convnet.cluster.version-check-interval=" + checkInterval.toMillis() + "ms");
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
