-- Experiments: variants of a base training job, each trained with several seeds through the job queue.
-- The orchestration lives in these rows (not in memory), so that any node can carry it on after a restart.
-- Plain SQL that H2 (embedded default, PostgreSQL mode) and PostgreSQL both accept.
CREATE TABLE experiments (
    id                VARCHAR(36)  PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    request_json      TEXT         NOT NULL,
    baseline          VARCHAR(200) NOT NULL,
    max_parallel_runs INT          NOT NULL,
    deadline          TIMESTAMP WITH TIME ZONE,
    submitted_by      VARCHAR(200),
    error             TEXT,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX experiments_state_idx ON experiments (state, created_at);

CREATE TABLE experiment_variants (
    experiment_id VARCHAR(36)  NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    position      INT          NOT NULL,
    name          VARCHAR(200) NOT NULL,
    patch_json    TEXT         NOT NULL,
    job_json      TEXT         NOT NULL,
    PRIMARY KEY (experiment_id, position)
);

-- One training run: a variant with one seed. job_id is set once the run's job is queued.
CREATE TABLE experiment_runs (
    experiment_id VARCHAR(36) NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    position      INT         NOT NULL,
    variant       INT         NOT NULL,
    seed          BIGINT      NOT NULL,
    job_id        VARCHAR(36),
    error         TEXT,
    PRIMARY KEY (experiment_id, position)
);
CREATE INDEX experiment_runs_job_idx ON experiment_runs (job_id);
