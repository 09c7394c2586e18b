package dev.convnet.definition;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Model definitions in the service's database (H2 embedded, or PostgreSQL). */
@Repository
class ModelRepository {

    private final JdbcClient jdbc;

    ModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredModel model) {
        jdbc.sql("""
                INSERT INTO models (id, name, source_format, definition_json, seed, created_at)
                VALUES (:id, :name, :format, :definition, :seed, :createdAt)""")
                .param("id", model.id().toString())
                .param("name", model.name())
                .param("format", model.sourceFormat().name())
                .param("definition", model.definitionJson())
                .param("seed", model.seed())
                .param("createdAt", Timestamp.from(model.createdAt()))
                .update();
    }

    Optional<StoredModel> find(UUID id) {
        return jdbc.sql("SELECT * FROM models WHERE id = :id").param("id", id.toString()).query(this::map).optional();
    }

    List<StoredModel> findAll() {
        return jdbc.sql("SELECT * FROM models ORDER BY created_at, id").query(this::map).list();
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM models WHERE id = :id").param("id", id.toString()).update() > 0;
    }

    private StoredModel map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredModel(UUID.fromString(rs.getString("id")), rs.getString("name"),
                DefinitionFormat.valueOf(rs.getString("source_format")), rs.getString("definition_json"),
                rs.getLong("seed"), rs.getTimestamp("created_at").toInstant());
    }
}
