package dev.convnet.definition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Models in the service's database (H2 embedded, or PostgreSQL). */
@Repository
public class ModelRepository {

    private static final int VERSION_ATTEMPTS = 5;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate savepoint;

    ModelRepository(JdbcClient jdbc, ObjectMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        // Inside a caller's transaction each attempt gets a savepoint: on PostgreSQL a failed statement would
        // otherwise void the whole transaction, and the next attempt with it.
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Inserts with the next version number of its name, taken from the name's counter so that a deleted version's
     * number is never reused. The counter row stays locked until the caller's transaction ends, so concurrent
     * creates of one name get distinct versions; two first creates of a new name race on the counter's key, and
     * the loser tries again.
     */
    public StoredModel insert(StoredModel model) {
        for (int attempt = 1; ; attempt++) {
            try {
                return savepoint.execute(status -> {
                    StoredModel versioned = model.withVersion(nextVersion(model.name()));
                    insertRow(versioned);
                    return versioned;
                });
            } catch (DuplicateKeyException e) {
                if (attempt >= VERSION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    // GREATEST with the versions present: a row written without the counter (a restore, a hand-made fix) still
    // cannot collide.
    private int nextVersion(String name) {
        int updated = jdbc.sql("""
                        UPDATE model_name_versions
                        SET last_version = GREATEST(last_version, (SELECT COALESCE(MAX(version), 0) FROM models WHERE name = :name)) + 1
                        WHERE name = :name""")
                .param("name", name).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO model_name_versions (name, last_version)
                            SELECT :name, COALESCE(MAX(version), 0) + 1 FROM models WHERE name = :name""")
                    .param("name", name).update();
        }
        return jdbc.sql("SELECT last_version FROM model_name_versions WHERE name = :name")
                .param("name", name).query(Integer.class).single();
    }

    private void insertRow(StoredModel model) {
        Lineage lineage = model.lineage();
        jdbc.sql("""
                INSERT INTO models (id, name, version, kind, source_format, definition_json, seed, created_at,
                                    parent_model_id, training_job_id, dataset, class_names_json, normalization,
                                    lineage_source, lineage_format, lineage_sha256)
                VALUES (:id, :name, :version, :kind, :format, :definition, :seed, :createdAt,
                        :parent, :job, :dataset, :classes, :normalization, :source, :fileFormat, :sha256)""")
                .param("id", model.id().toString())
                .param("name", model.name())
                .param("version", model.version())
                .param("kind", model.kind().name())
                .param("format", model.sourceFormat().name())
                .param("definition", model.definitionJson())
                .param("seed", model.seed())
                .param("createdAt", Timestamp.from(model.createdAt()))
                .param("parent", lineage == null || lineage.parentModelId() == null ? null : lineage.parentModelId().toString())
                .param("job", lineage == null || lineage.trainingJobId() == null ? null : lineage.trainingJobId().toString())
                .param("dataset", lineage == null ? null : lineage.dataset())
                .param("classes", lineage == null || lineage.classNames() == null ? null : json.writeValueAsString(lineage.classNames()))
                .param("normalization", lineage == null ? null : lineage.normalization())
                .param("source", lineage == null ? null : lineage.source())
                .param("fileFormat", lineage == null ? null : lineage.format())
                .param("sha256", lineage == null ? null : lineage.sha256())
                .update();
    }

    public Optional<StoredModel> find(UUID id) {
        return jdbc.sql("SELECT * FROM models WHERE id = :id").param("id", id.toString()).query(this::map).optional();
    }

    public Optional<StoredModel> findByNameAndVersion(String name, Integer version) {
        String sql = version == null
                ? "SELECT * FROM models WHERE name = :name ORDER BY version DESC LIMIT 1"
                : "SELECT * FROM models WHERE name = :name AND version = :version";
        var statement = jdbc.sql(sql).param("name", name);
        if (version != null) {
            statement = statement.param("version", version);
        }
        return statement.query(this::map).optional();
    }

    /**
     * The newest version of the name that has weights: a row in model_weights, which the store writes in the
     * transaction that stores the file (a trained or imported model, or a definition whose weights were set).
     */
    public Optional<StoredModel> findNewestWithWeights(String name) {
        return jdbc.sql("""
                        SELECT * FROM models m WHERE m.name = :name
                          AND EXISTS (SELECT 1 FROM model_weights w WHERE w.model_id = m.id)
                        ORDER BY m.version DESC LIMIT 1""")
                .param("name", name).query(this::map).optional();
    }

    public boolean hasWeights(UUID id) {
        return jdbc.sql("SELECT COUNT(*) FROM model_weights WHERE model_id = :id").param("id", id.toString())
                .query(Integer.class).single() > 0;
    }

    /** Every version of the name, oldest first. */
    public List<StoredModel> findByName(String name) {
        return jdbc.sql("SELECT * FROM models WHERE name = :name ORDER BY version").param("name", name)
                .query(this::map).list();
    }

    public List<StoredModel> findAll() {
        return jdbc.sql("SELECT * FROM models ORDER BY created_at, id").query(this::map).list();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM models WHERE id = :id").param("id", id.toString()).update() > 0;
    }

    private StoredModel map(ResultSet rs, int row) throws SQLException {
        Lineage lineage = null;
        String source = rs.getString("lineage_source");
        if (Lineage.SOURCE_IMPORT.equals(source)) {
            lineage = Lineage.imported(rs.getString("lineage_format"), rs.getString("lineage_sha256"));
        } else if (source != null || rs.getString("training_job_id") != null || rs.getString("dataset") != null) {
            String classes = rs.getString("class_names_json");
            lineage = Lineage.training(uuid(rs.getString("parent_model_id")), uuid(rs.getString("training_job_id")),
                    rs.getString("dataset"), classes == null ? List.of() : json.readValue(classes, new TypeReference<List<String>>() { }),
                    rs.getString("normalization"));
        }
        return new StoredModel(UUID.fromString(rs.getString("id")), rs.getString("name"), rs.getInt("version"),
                ModelKind.valueOf(rs.getString("kind")), DefinitionFormat.valueOf(rs.getString("source_format")),
                rs.getString("definition_json"), rs.getLong("seed"), rs.getTimestamp("created_at").toInstant(), lineage);
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }
}
