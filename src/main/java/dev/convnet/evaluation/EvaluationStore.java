package dev.convnet.evaluation;

import dev.convnet.engine.fit.EvaluationReport;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** Evaluation reports of models, newest last; a re-evaluation adds a report rather than replacing one. */
@Repository
public class EvaluationStore {

    record StoredEvaluation(UUID id, UUID modelId, String dataset, String split, EvaluationReport report, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    EvaluationStore(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public StoredEvaluation save(UUID modelId, String dataset, String split, EvaluationReport report) {
        StoredEvaluation stored = new StoredEvaluation(UUID.randomUUID(), modelId, dataset, split, report,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        jdbc.sql("""
                INSERT INTO model_evaluations (id, model_id, dataset, split, report_json, created_at)
                VALUES (:id, :model, :dataset, :split, :report, :created)""")
                .param("id", stored.id().toString()).param("model", modelId.toString()).param("dataset", dataset)
                .param("split", split).param("report", json.writeValueAsString(report))
                .param("created", Timestamp.from(stored.createdAt())).update();
        return stored;
    }

    /** The report of the model's latest evaluation, if it has one. */
    public Optional<EvaluationReport> latestReport(UUID modelId) {
        return latest(modelId).map(StoredEvaluation::report);
    }

    Optional<StoredEvaluation> latest(UUID modelId) {
        return jdbc.sql("SELECT * FROM model_evaluations WHERE model_id = :model ORDER BY created_at DESC LIMIT 1")
                .param("model", modelId.toString())
                .query((rs, row) -> new StoredEvaluation(UUID.fromString(rs.getString("id")), modelId, rs.getString("dataset"),
                        rs.getString("split"), json.readValue(rs.getString("report_json"), EvaluationReport.class),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }
}
