package dev.convnet.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL that integration tests run against: a Testcontainers container where Docker runs,
 * otherwise a fresh database on the server given by {@code CONVNET_TEST_POSTGRES_URL} (default
 * jdbc:postgresql://127.0.0.1:5432/postgres, user postgres). On CI ({@code CI=true}) a missing database
 * fails the tests instead of skipping them, so CI always exercises the real database.
 */
public final class PostgresTestDatabase {

    public record Connection(String url, String username, String password) {
    }

    private static Connection connection;

    private PostgresTestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = DockerClientFactory.instance().isDockerAvailable() ? startContainer() : createLocalDatabase();
        }
        return connection;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Connection startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Connection createLocalDatabase() {
        String serverUrl = env("CONVNET_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("CONVNET_TEST_POSTGRES_USER", "postgres");
        String password = env("CONVNET_TEST_POSTGRES_PASSWORD", "");
        String database = "convnet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection admin = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            String reason = "Neither Docker nor PostgreSQL at " + serverUrl + " is available: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + " (on CI the database tests must run)", e);
            }
            Assumptions.abort(reason);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(serverUrl, user, password, database)));
        int slash = serverUrl.lastIndexOf('/');
        return new Connection(serverUrl.substring(0, slash + 1) + database, user, password);
    }

    private static void drop(String serverUrl, String user, String password, String database) {
        try (java.sql.Connection admin = DriverManager.getConnection(serverUrl, user, password);
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
