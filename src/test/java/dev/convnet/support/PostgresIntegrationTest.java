package dev.convnet.support;

import java.nio.file.Files;
import java.nio.file.Path;
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

    protected ApiClient api() {
        return new ApiClient(port);
    }
}
