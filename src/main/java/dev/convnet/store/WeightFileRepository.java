package dev.convnet.store;

import dev.convnet.definition.ModelKind;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class WeightFileRepository {

    private final JdbcClient jdbc;

    WeightFileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A model as the start-up check sees it: its kind, and the file its weights row names (null without one). */
    record StoredWeights(UUID modelId, String name, int version, ModelKind kind, String fileName, Long sizeBytes) {
    }

    List<StoredWeights> inventory() {
        return jdbc.sql("""
                        SELECT m.id, m.name, m.version, m.kind, w.file_name, w.size_bytes
                        FROM models m LEFT JOIN model_weights w ON w.model_id = m.id""")
                .query((rs, row) -> new StoredWeights(UUID.fromString(rs.getString("id")), rs.getString("name"),
                        rs.getInt("version"), ModelKind.valueOf(rs.getString("kind")), rs.getString("file_name"),
                        rs.getObject("size_bytes") == null ? null : rs.getLong("size_bytes")))
                .list();
    }

    Optional<WeightFile> find(UUID modelId) {
        return jdbc.sql("SELECT * FROM model_weights WHERE model_id = :id").param("id", modelId.toString())
                .query((rs, row) -> new WeightFile(UUID.fromString(rs.getString("model_id")), rs.getString("file_name"),
                        rs.getString("sha256"), rs.getLong("size_bytes"), rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** Points the model at a new file; a portable upsert (H2 and PostgreSQL spell MERGE differently). */
    void save(WeightFile file) {
        int updated = jdbc.sql("""
                        UPDATE model_weights SET file_name = :file, sha256 = :sha, size_bytes = :size, updated_at = :at
                        WHERE model_id = :id""")
                .params(params(file)).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO model_weights (model_id, file_name, sha256, size_bytes, updated_at)
                            VALUES (:id, :file, :sha, :size, :at)""")
                    .params(params(file)).update();
        }
    }

    private static java.util.Map<String, Object> params(WeightFile file) {
        return java.util.Map.of("id", file.modelId().toString(), "file", file.fileName(), "sha", file.sha256(),
                "size", file.sizeBytes(), "at", Timestamp.from(file.updatedAt()));
    }
}
