package dev.convnet.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Audit events in the service's database. */
@Repository
class AuditEventRepository {

    private final JdbcClient jdbc;

    AuditEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AuditedCall event) {
        jdbc.sql("""
                        INSERT INTO audit_events (occurred_at, who, method, path, route, target, status, client_address, duration_ms)
                        VALUES (:at, :who, :method, :path, :route, :target, :status, :client, :duration)""")
                .param("at", Timestamp.from(event.time()))
                .param("who", event.who())
                .param("method", event.method())
                .param("path", event.path())
                .param("route", event.route())
                .param("target", event.target())
                .param("status", event.status())
                .param("client", event.clientAddress())
                .param("duration", event.durationMs())
                .update();
    }

    /** Newest first; at most {@code limit} events. */
    List<AuditEvent> find(AuditEventFilter filter, int limit) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        condition(conditions, params, "who = :who", "who", filter.who());
        condition(conditions, params, "target = :target", "target", filter.target());
        condition(conditions, params, "method = :method", "method", filter.method());
        condition(conditions, params, "occurred_at >= :since", "since", timestamp(filter.since()));
        condition(conditions, params, "occurred_at < :until", "until", timestamp(filter.until()));
        if (filter.after() != null) {
            conditions.add("(occurred_at < :cursorTime OR (occurred_at = :cursorTime AND id < :cursorId))");
            params.put("cursorTime", Timestamp.from(filter.after().time()));
            params.put("cursorId", filter.after().id());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        params.put("limit", limit);
        return jdbc.sql("SELECT * FROM audit_events" + where + " ORDER BY occurred_at DESC, id DESC LIMIT :limit")
                .params(params).query((rs, row) -> event(rs)).list();
    }

    /** Returns how many events were deleted. */
    int deleteOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM audit_events WHERE occurred_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    private static void condition(List<String> conditions, Map<String, Object> params, String sql, String name,
                                  Object value) {
        if (value != null) {
            conditions.add(sql);
            params.put(name, value);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static AuditEvent event(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("who"), rs.getString("method"), rs.getString("path"), rs.getString("route"),
                rs.getString("target"), rs.getInt("status"), rs.getString("client_address"), rs.getLong("duration_ms"));
    }
}
