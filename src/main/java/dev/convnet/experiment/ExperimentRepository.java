package dev.convnet.experiment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The experiment tables. Changes of state and the queueing of a run are conditional updates, so that two nodes
 * reconciling the same experiment never both queue one run or both finish the experiment.
 */
@Repository
class ExperimentRepository {

    private final JdbcClient jdbc;

    ExperimentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredExperiment e, List<StoredExperiment.Variant> variants, List<StoredExperiment.Run> runs) {
        jdbc.sql("""
                INSERT INTO experiments (id, name, state, request_json, baseline, max_parallel_runs, deadline, submitted_by,
                                         created_at, updated_at)
                VALUES (:id, :name, :state, :request, :baseline, :parallel, :deadline, :submittedBy, :created, :created)""")
                .param("id", e.id().toString()).param("name", e.name()).param("state", e.state().name())
                .param("request", e.requestJson()).param("baseline", e.baseline()).param("parallel", e.maxParallelRuns())
                .param("deadline", e.deadline() == null ? null : Timestamp.from(e.deadline()))
                .param("submittedBy", e.submittedBy()).param("created", Timestamp.from(e.createdAt())).update();
        for (StoredExperiment.Variant v : variants) {
            jdbc.sql("""
                    INSERT INTO experiment_variants (experiment_id, position, name, patch_json, job_json)
                    VALUES (:id, :position, :name, :patch, :job)""")
                    .param("id", e.id().toString()).param("position", v.position()).param("name", v.name())
                    .param("patch", v.patchJson()).param("job", v.jobJson()).update();
        }
        for (StoredExperiment.Run r : runs) {
            jdbc.sql("INSERT INTO experiment_runs (experiment_id, position, variant, seed) VALUES (:id, :position, :variant, :seed)")
                    .param("id", e.id().toString()).param("position", r.position()).param("variant", r.variant())
                    .param("seed", r.seed()).update();
        }
    }

    Optional<StoredExperiment> find(UUID id) {
        return jdbc.sql("SELECT * FROM experiments WHERE id = :id").param("id", id.toString()).query(this::map).optional();
    }

    List<StoredExperiment> findAll(int limit) {
        return jdbc.sql("SELECT * FROM experiments ORDER BY created_at DESC, id LIMIT :limit")
                .param("limit", limit).query(this::map).list();
    }

    List<StoredExperiment> findRunning() {
        return jdbc.sql("SELECT * FROM experiments WHERE state = 'RUNNING' ORDER BY created_at, id").query(this::map).list();
    }

    List<StoredExperiment.Variant> variants(UUID id) {
        return jdbc.sql("SELECT * FROM experiment_variants WHERE experiment_id = :id ORDER BY position")
                .param("id", id.toString())
                .query((rs, row) -> new StoredExperiment.Variant(rs.getInt("position"), rs.getString("name"),
                        rs.getString("patch_json"), rs.getString("job_json")))
                .list();
    }

    List<StoredExperiment.Run> runs(UUID id) {
        return jdbc.sql("SELECT * FROM experiment_runs WHERE experiment_id = :id ORDER BY position")
                .param("id", id.toString())
                .query((rs, row) -> new StoredExperiment.Run(rs.getInt("position"), rs.getInt("variant"), rs.getLong("seed"),
                        rs.getString("job_id") == null ? null : UUID.fromString(rs.getString("job_id")), rs.getString("error"),
                        rs.getInt("retries")))
                .list();
    }

    /** Names the run's job, if no one has queued the run yet; false: someone did (or it was skipped). */
    boolean claimRun(UUID experiment, int position, UUID jobId) {
        return jdbc.sql("""
                UPDATE experiment_runs SET job_id = :job
                WHERE experiment_id = :id AND position = :position AND job_id IS NULL AND error IS NULL""")
                .param("job", jobId.toString()).param("id", experiment.toString()).param("position", position).update() == 1;
    }

    /**
     * Makes the run wait for a new job again, counting the retry, if its job is still {@code lostJob}; false: another
     * node did it first, or the run ended otherwise.
     */
    boolean retryRun(UUID experiment, int position, UUID lostJob) {
        return jdbc.sql("""
                UPDATE experiment_runs SET job_id = NULL, retries = retries + 1
                WHERE experiment_id = :id AND position = :position AND job_id = :job AND error IS NULL""")
                .param("id", experiment.toString()).param("position", position).param("job", lostJob.toString())
                .update() == 1;
    }

    /** Marks the runs that never got a job as never to run, saying why. */
    void skipWaitingRuns(UUID experiment, String reason) {
        jdbc.sql("UPDATE experiment_runs SET error = :reason WHERE experiment_id = :id AND job_id IS NULL AND error IS NULL")
                .param("reason", reason).param("id", experiment.toString()).update();
    }

    void failRun(UUID experiment, int position, String reason) {
        jdbc.sql("UPDATE experiment_runs SET error = :reason WHERE experiment_id = :id AND position = :position AND job_id IS NULL")
                .param("reason", reason).param("id", experiment.toString()).param("position", position).update();
    }

    /** RUNNING -> {@code state}; false if it had already ended. */
    boolean finish(UUID id, ExperimentState state, String error, Instant now) {
        return jdbc.sql("""
                UPDATE experiments SET state = :state, error = :error, finished_at = :now, updated_at = :now
                WHERE id = :id AND state = 'RUNNING'""")
                .param("state", state.name()).param("error", error).param("now", Timestamp.from(now))
                .param("id", id.toString()).update() == 1;
    }

    /** Deletes an ended experiment with its variants and runs (their jobs and models stay). */
    boolean deleteFinished(UUID id) {
        return jdbc.sql("DELETE FROM experiments WHERE id = :id AND state <> 'RUNNING'").param("id", id.toString()).update() == 1;
    }

    private StoredExperiment map(ResultSet rs, int row) throws SQLException {
        Timestamp deadline = rs.getTimestamp("deadline");
        Timestamp finished = rs.getTimestamp("finished_at");
        return new StoredExperiment(UUID.fromString(rs.getString("id")), rs.getString("name"),
                ExperimentState.valueOf(rs.getString("state")), rs.getString("request_json"), rs.getString("baseline"),
                rs.getInt("max_parallel_runs"), deadline == null ? null : deadline.toInstant(), rs.getString("submitted_by"),
                rs.getString("error"), rs.getTimestamp("created_at").toInstant(), finished == null ? null : finished.toInstant());
    }
}
