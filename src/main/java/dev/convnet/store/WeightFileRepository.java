package dev.convnet.store;

import java.sql.Timestamp;
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
