package dev.convnet.cluster;

import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The change table ({@code model_changes}). On PostgreSQL an append also sends a notification on
 * {@value #CHANNEL}; sent in the appending transaction, PostgreSQL delivers it at commit, when the row is visible.
 */
@Repository
class ModelChangeLog {

    static final String CHANNEL = "convnet_model_changes";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean postgres;
    /** This process: its own changes are applied where they happen, so it skips them when it reads the table. */
    private final String origin = UUID.randomUUID().toString();

    ModelChangeLog(JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.postgres = "PostgreSQL".equals(productName(dataSource));
    }

    String origin() {
        return origin;
    }

    boolean postgres() {
        return postgres;
    }

    void append(UUID modelId, ModelChange.Kind kind) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO model_changes (model_id, kind, origin, changed_at) VALUES (:model, :kind, :origin, :at)")
                .param("model", modelId.toString()).param("kind", kind.name()).param("origin", origin)
                .param("at", Timestamp.from(clock.instant()))
                .update(keys, "seq");
        if (postgres) {
            jdbc.sql("SELECT pg_notify(:channel, :seq)").param("channel", CHANNEL)
                    .param("seq", String.valueOf(keys.getKey().longValue())).query(rs -> { });
        }
    }

    /** Changes after {@code seq}, in sequence order. */
    List<ModelChange> after(long seq) {
        return jdbc.sql("SELECT seq, model_id, kind, origin, changed_at FROM model_changes WHERE seq > :seq ORDER BY seq")
                .param("seq", seq)
                .query((rs, row) -> new ModelChange(rs.getLong("seq"), UUID.fromString(rs.getString("model_id")),
                        ModelChange.Kind.valueOf(rs.getString("kind")), rs.getString("origin"),
                        rs.getTimestamp("changed_at").toInstant()))
                .list();
    }

    long lastSeq() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM model_changes").query(Long.class).single();
    }

    int pruneBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM model_changes WHERE changed_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database the service runs on", e);
        }
    }
}
