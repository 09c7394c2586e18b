package dev.convnet.models;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Aliases in the service's database: per model name, alias -> the model (one version of that name) it points at. */
@Repository
class ModelAliasRepository {

    private final JdbcClient jdbc;

    ModelAliasRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Alias -> version, ordered by alias. */
    Map<String, Integer> versionsByAlias(String name) {
        Map<String, Integer> aliases = new TreeMap<>();
        jdbc.sql("""
                        SELECT a.alias, m.version FROM model_aliases a JOIN models m ON m.id = a.model_id
                        WHERE a.name = :name""")
                .param("name", name)
                .query(rs -> {
                    aliases.put(rs.getString("alias"), rs.getInt("version"));
                });
        return aliases;
    }

    Optional<UUID> target(String name, String alias) {
        return jdbc.sql("SELECT model_id FROM model_aliases WHERE name = :name AND alias = :alias")
                .param("name", name).param("alias", alias)
                .query(String.class).optional().map(UUID::fromString);
    }

    List<String> aliasesOf(UUID modelId) {
        return jdbc.sql("SELECT alias FROM model_aliases WHERE model_id = :id ORDER BY alias")
                .param("id", modelId.toString()).query(String.class).list();
    }

    /** Model id -> its aliases, for listing every model with one query. */
    Map<UUID, List<String>> aliasesByModel() {
        Map<UUID, List<String>> aliases = new HashMap<>();
        jdbc.sql("SELECT model_id, alias FROM model_aliases ORDER BY alias")
                .query(rs -> {
                    aliases.computeIfAbsent(UUID.fromString(rs.getString("model_id")), id -> new ArrayList<>())
                            .add(rs.getString("alias"));
                });
        return aliases;
    }

    /**
     * Points the alias at the model, creating it if needed. A move is one UPDATE of one row, so readers see the old
     * target or the new one, never neither. When two first creations of one alias race, the insert that loses on
     * the key becomes an update. Each statement commits on its own: on PostgreSQL a failed insert would void a
     * surrounding transaction.
     */
    void point(String name, String alias, UUID modelId, Instant now) {
        Map<String, Object> params = Map.of("name", name, "alias", alias, "id", modelId.toString(), "at", Timestamp.from(now));
        if (update(params) > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO model_aliases (name, alias, model_id, updated_at) VALUES (:name, :alias, :id, :at)")
                    .params(params).update();
        } catch (DuplicateKeyException e) {
            update(params);
        }
    }

    private int update(Map<String, Object> params) {
        return jdbc.sql("UPDATE model_aliases SET model_id = :id, updated_at = :at WHERE name = :name AND alias = :alias")
                .params(params).update();
    }

    boolean remove(String name, String alias) {
        return jdbc.sql("DELETE FROM model_aliases WHERE name = :name AND alias = :alias")
                .param("name", name).param("alias", alias).update() > 0;
    }
}
