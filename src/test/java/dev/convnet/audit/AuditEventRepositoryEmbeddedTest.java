package dev.convnet.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrations and the log's queries on the embedded default database (H2 in PostgreSQL mode). */
class AuditEventRepositoryEmbeddedTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.000001Z");

    private AuditEventRepository repository;

    @BeforeEach
    void migrate() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        repository = new AuditEventRepository(JdbcClient.create(dataSource));
    }

    private void insert(int secondsAfterT0, String who, String method, String target, int status) {
        repository.insert(new AuditedCall(T0.plusSeconds(secondsAfterT0), who, method, "/api/v1/models/" + target,
                "/api/v1/models/{id}", target, status, "127.0.0.1", 3));
    }

    private static AuditEventFilter filter(String who, String target, Instant since, Instant until, String method) {
        return new AuditEventFilter(who, target, since, until, method, 100, null);
    }

    @Test
    void storesAnEventAsRecorded() {
        insert(0, "admin-1", "DELETE", "m1", 409);
        AuditEvent event = repository.find(filter(null, null, null, null, null), 10).get(0);
        assertThat(event).isEqualTo(new AuditEvent(event.id(), T0, "admin-1", "DELETE", "/api/v1/models/m1",
                "/api/v1/models/{id}", "m1", 409, "127.0.0.1", 3));
    }

    @Test
    void findsNewestFirstWithEachFilter() {
        insert(0, "admin-1", "POST", "m1", 201);
        insert(10, "train-1", "POST", "j1", 202);
        insert(20, "admin-1", "DELETE", "m1", 204);
        insert(30, "admin-1", "PUT", "m2", 200);

        assertThat(targets(filter(null, null, null, null, null))).containsExactly("m2", "m1", "j1", "m1");
        assertThat(targets(filter("admin-1", null, null, null, null))).containsExactly("m2", "m1", "m1");
        assertThat(targets(filter(null, "m1", null, null, null))).hasSize(2);
        assertThat(targets(filter(null, null, null, null, "POST"))).containsExactly("j1", "m1");
        assertThat(targets(filter(null, null, T0.plusSeconds(10), T0.plusSeconds(30), null))).containsExactly("m1", "j1");
        assertThat(targets(filter("train-1", "m1", null, null, null))).isEmpty();
    }

    @Test
    void continuesAfterACursorEvenAmongEventsOfTheSameInstant() {
        for (int i = 0; i < 5; i++) {
            insert(0, "admin-1", "POST", "m" + i, 201);
        }
        List<AuditEvent> first = repository.find(filter(null, null, null, null, null), 2);
        AuditEvent last = first.get(1);
        List<AuditEvent> rest = repository.find(new AuditEventFilter(null, null, null, null, null, 100,
                new AuditCursor(last.time(), last.id())), 100);
        assertThat(first).extracting(AuditEvent::target).containsExactly("m4", "m3");
        assertThat(rest).extracting(AuditEvent::target).containsExactly("m2", "m1", "m0");
    }

    @Test
    void retentionDeletesOnlyEventsOlderThanItsPeriod() {
        insert(0, "admin-1", "POST", "old", 201);
        insert(3600, "admin-1", "POST", "kept", 201);
        Clock dayLater = Clock.fixed(T0.plus(Duration.ofDays(1)).plusSeconds(60), ZoneOffset.UTC);
        AuditRetention retention = new AuditRetention(repository,
                new AuditProperties(true, Duration.ofDays(1), Duration.ofHours(1)), dayLater);

        assertThat(retention.deleteExpired()).isEqualTo(1);
        assertThat(targets(filter(null, null, null, null, null))).containsExactly("kept");
        assertThat(retention.deleteExpired()).isZero();
    }

    private List<String> targets(AuditEventFilter filter) {
        return repository.find(filter, 100).stream().map(AuditEvent::target).toList();
    }
}
