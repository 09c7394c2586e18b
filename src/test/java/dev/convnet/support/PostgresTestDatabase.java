package dev.convnet.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL that integration tests run against: a Testcontainers container where Docker runs,
 * otherwise the server given by {@code CONVNET_TEST_POSTGRES_URL} (default jdbc:postgresql://127.0.0.1:5432/postgres,
 * user postgres). Each application context gets a database of its own, as separate deployments would: two
 * contexts sharing one job table would be two nodes sharing one queue. On CI ({@code CI=true}) a missing
 * database fails the tests instead of skipping them, so CI always exercises the real database.
 */
public final class PostgresTestDatabase {

    public record Connection(String url, String username, String password) {
    }

    private record Server(String adminUrl, String username, String password) {
    }

    private static Server server;
    private static final java.util.Map<String, Connection> SHARED = new java.util.HashMap<>();

    private PostgresTestDatabase() {
    }

    /** A new, empty database; dropped when the JVM exits. */
    public static synchronized Connection newDatabase() {
        if (server == null) {
            server = DockerClientFactory.instance().isDockerAvailable() ? startContainer() : localServer();
        }
        String database = "convnet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection admin = DriverManager.getConnection(server.adminUrl(), server.username(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            String reason = "Neither Docker nor PostgreSQL at " + server.adminUrl() + " is available: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + " (on CI the database tests must run)", e);
            }
            Assumptions.abort(reason);
        }
        Server current = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(current, database)));
        int slash = server.adminUrl().lastIndexOf('/');
        return new Connection(server.adminUrl().substring(0, slash + 1) + database, server.username(), server.password());
    }

    /**
     * One database for every caller that names the same {@code cluster}: the nodes of one cluster, each its own
     * application context, share it as replicas of one deployment share theirs.
     */
    public static synchronized Connection sharedDatabase(String cluster) {
        Connection existing = SHARED.get(cluster);
        if (existing != null) {
            return existing;
        }
        Connection created = newDatabase();
        SHARED.put(cluster, created);
        return created;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Server startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Server localServer() {
        return new Server(env("CONVNET_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                env("CONVNET_TEST_POSTGRES_USER", "postgres"), env("CONVNET_TEST_POSTGRES_PASSWORD", ""));
    }

    private static void drop(Server server, String database) {
        try (java.sql.Connection admin = DriverManager.getConnection(server.adminUrl(), server.username(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
