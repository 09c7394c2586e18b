package dev.convnet.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of end-to-end tests: the whole app on a random port, on PostgreSQL, with its own data directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class PostgresIntegrationTest {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws java.io.IOException {
        PostgresTestDatabase.Connection db = PostgresTestDatabase.newDatabase();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        Path dataDir = Files.createTempDirectory("convnet-it-");
        registry.add("convnet.data-dir", dataDir::toString);
        registry.add("convnet.datasets.dir", () -> TestDatasets.sharedDatasetsDir().toString());
        registry.add("convnet.datasets.download-enabled", () -> "false");
    }

    /** The port of the context the running class uses, for the static clean-up after it. */
    private static volatile int lastPort;

    protected ApiClient api() {
        return new ApiClient(port);
    }

    @BeforeEach
    void rememberPort() {
        lastPort = port;
    }

    /**
     * Classes with the same configuration share one cached context and its training slots: an experiment or job
     * one class leaves queued or running would keep the next class's jobs waiting, so each class ends with none.
     */
    @AfterAll
    static void cancelWhatTheClassLeftTraining() throws InterruptedException {
        int port = lastPort;
        lastPort = 0;
        if (port == 0) {
            return;
        }
        ApiClient api = new ApiClient(port);
        try {
            for (String experiment : idsIn(api.get("/api/v1/experiments?limit=1000"), List.of("RUNNING"))) {
                api.post("/api/v1/experiments/" + experiment + "/cancel", "");
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            List<String> unfinished = idsIn(api.get("/api/v1/training-jobs?limit=1000"), List.of("QUEUED", "RUNNING"));
            for (String job : unfinished) {
                api.post("/api/v1/training-jobs/" + job + "/cancel", "");
            }
            while (!unfinished.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                unfinished = idsIn(api.get("/api/v1/training-jobs?limit=1000"), List.of("QUEUED", "RUNNING"));
            }
            if (!unfinished.isEmpty()) {
                System.err.println("Training jobs still unfinished after the class's clean-up: " + unfinished);
            }
        } catch (RuntimeException e) { // the context may be closed already: nothing is left training then
            System.err.println("No clean-up after the class: " + e);
        }
    }

    private static List<String> idsIn(ApiClient.Response listed, List<String> states) {
        List<String> ids = new ArrayList<>();
        if (listed.status() == 200) {
            listed.json().forEach(item -> {
                if (states.contains(item.path("state").asString())) {
                    ids.add(item.get("id").asString());
                }
            });
        }
        return ids;
    }
}
