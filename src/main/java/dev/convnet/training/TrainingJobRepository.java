package dev.convnet.training;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job table. State changes are conditional updates ({@code WHERE state = ...}), so two nodes can never
 * both start, or both finish, the same job.
 */
@Repository
class TrainingJobRepository {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    TrainingJobRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    void insert(TrainingJob job) {
        jdbc.sql("""
                INSERT INTO training_jobs (id, state, request_json, model_id, model_name, dataset, epochs, created_at, updated_at,
                                           submitted_by)
                VALUES (:id, :state, :request, :model, :modelName, :dataset, :epochs, :created, :created, :submittedBy)""")
                .param("id", job.id().toString()).param("state", job.state().name()).param("request", job.requestJson())
                .param("model", job.modelId().toString()).param("modelName", job.modelName())
                .param("dataset", job.dataset()).param("epochs", job.epochs())
                .param("created", Timestamp.from(job.createdAt())).param("submittedBy", job.submittedBy())
                .update();
    }

    /** The caller's jobs that are queued or running, on any node. */
    long countActiveSubmittedBy(String submittedBy) {
        return jdbc.sql("SELECT COUNT(*) FROM training_jobs WHERE submitted_by = :submittedBy AND state IN ('QUEUED', 'RUNNING')")
                .param("submittedBy", submittedBy).query(Long.class).single();
    }

    Optional<TrainingJob> find(UUID id) {
        return jdbc.sql("SELECT * FROM training_jobs WHERE id = :id").param("id", id.toString()).query(this::map).optional();
    }

    List<TrainingJob> findAll(int limit) {
        return jdbc.sql("SELECT * FROM training_jobs ORDER BY created_at DESC, id LIMIT :limit")
                .param("limit", limit).query(this::map).list();
    }

    List<TrainingJob> findRunningOn(String node) {
        return jdbc.sql("SELECT * FROM training_jobs WHERE state = 'RUNNING' AND node = :node")
                .param("node", node).query(this::map).list();
    }

    /** Queued jobs that no execution of the job engine's {@code task} would ever run. */
    List<TrainingJob> findQueuedWithoutExecution(String task) {
        return jdbc.sql("""
                SELECT * FROM training_jobs j WHERE j.state = 'QUEUED' AND NOT EXISTS (
                    SELECT 1 FROM scheduled_tasks t WHERE t.task_name = :task AND t.task_instance LIKE CONCAT(j.id, '-%'))
                ORDER BY j.created_at""")
                .param("task", task).query(this::map).list();
    }

    record NamedCheckpoint(UUID jobId, String fileName) {
    }

    /** The checkpoint files that rows name. */
    List<NamedCheckpoint> namedCheckpoints() {
        return jdbc.sql("SELECT id, checkpoint_file FROM training_jobs WHERE checkpoint_file IS NOT NULL")
                .query((rs, row) -> new NamedCheckpoint(UUID.fromString(rs.getString("id")), rs.getString("checkpoint_file")))
                .list();
    }

    /** QUEUED -> RUNNING on this node; false if someone else got there first or it was cancelled. */
    boolean start(UUID id, String node, Instant now) {
        return jdbc.sql("""
                UPDATE training_jobs SET state = 'RUNNING', node = :node, started_at = COALESCE(started_at, :now),
                       updated_at = :now, error = NULL
                WHERE id = :id AND state = 'QUEUED' AND cancel_requested = FALSE""")
                .param("id", id.toString()).param("node", node).param("now", Timestamp.from(now)).update() == 1;
    }

    void progress(UUID id, int epoch, int iteration, double examplesPerSecond, double loss, double accuracy, Instant now) {
        jdbc.sql("""
                UPDATE training_jobs SET epoch = :epoch, iteration = :iteration, examples_per_second = :eps, loss = :loss,
                       accuracy = :accuracy, updated_at = :now
                WHERE id = :id AND state = 'RUNNING'""")
                .param("id", id.toString()).param("epoch", epoch).param("iteration", iteration)
                .param("eps", examplesPerSecond).param("loss", finiteOrNull(loss)).param("accuracy", finiteOrNull(accuracy))
                .param("now", Timestamp.from(now)).update();
    }

    void history(UUID id, String historyJson, Instant now) {
        jdbc.sql("UPDATE training_jobs SET history_json = :history, updated_at = :now WHERE id = :id")
                .param("id", id.toString()).param("history", historyJson).param("now", Timestamp.from(now)).update();
    }

    /** Names the running job's newest checkpoint; false if the job is not running any more. */
    boolean checkpoint(UUID id, String file, String sha256, int epoch, Instant now) {
        return jdbc.sql("""
                UPDATE training_jobs SET checkpoint_file = :file, checkpoint_sha256 = :sha, checkpoint_epoch = :epoch,
                       updated_at = :now
                WHERE id = :id AND state = 'RUNNING'""")
                .param("id", id.toString()).param("file", file).param("sha", sha256).param("epoch", epoch).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /**
     * Moves a job that is not finished yet to a final state; false if it already was. A finished job names no
     * checkpoint: nothing resumes it, so its checkpoint files are deleted, or swept at the next start. Every final
     * state is reached here, so here it is announced ({@link TrainingJobFinished}).
     */
    boolean finish(UUID id, TrainingJobState state, UUID resultModelId, String error, Instant now) {
        boolean finished = jdbc.sql("""
                UPDATE training_jobs SET state = :state, result_model_id = :result, error = :error, finished_at = :now,
                       updated_at = :now, checkpoint_file = NULL, checkpoint_sha256 = NULL, checkpoint_epoch = NULL
                WHERE id = :id AND state IN ('QUEUED', 'RUNNING')""")
                .param("id", id.toString()).param("state", state.name())
                .param("result", resultModelId == null ? null : resultModelId.toString())
                .param("error", error).param("now", Timestamp.from(now)).update() == 1;
        if (finished) {
            events.publishEvent(new TrainingJobFinished(id, state));
        }
        return finished;
    }

    /** RUNNING -> QUEUED, to resume from a checkpoint. */
    boolean requeue(UUID id, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE training_jobs SET state = 'QUEUED', node = NULL, error = :reason, updated_at = :now
                WHERE id = :id AND state = 'RUNNING'""")
                .param("id", id.toString()).param("reason", reason).param("now", Timestamp.from(now)).update() == 1;
    }

    boolean requestCancel(UUID id, Instant now) {
        return jdbc.sql("UPDATE training_jobs SET cancel_requested = TRUE, updated_at = :now WHERE id = :id AND state IN ('QUEUED', 'RUNNING')")
                .param("id", id.toString()).param("now", Timestamp.from(now)).update() == 1;
    }

    boolean cancelRequested(UUID id) {
        return jdbc.sql("SELECT cancel_requested FROM training_jobs WHERE id = :id").param("id", id.toString())
                .query(Boolean.class).optional().orElse(false);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private TrainingJob map(ResultSet rs, int row) throws SQLException {
        return new TrainingJob(UUID.fromString(rs.getString("id")), TrainingJobState.valueOf(rs.getString("state")),
                rs.getString("request_json"), UUID.fromString(rs.getString("model_id")), rs.getString("model_name"),
                rs.getString("dataset"), rs.getInt("epochs"), uuid(rs.getString("result_model_id")), rs.getString("node"),
                integer(rs, "epoch"), integer(rs, "iteration"), decimal(rs, "examples_per_second"), decimal(rs, "loss"),
                decimal(rs, "accuracy"), rs.getString("history_json"), rs.getString("error"), rs.getBoolean("cancel_requested"),
                rs.getString("checkpoint_file"), rs.getString("checkpoint_sha256"), integer(rs, "checkpoint_epoch"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "updated_at"),
                rs.getString("submitted_by"));
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Double decimal(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
