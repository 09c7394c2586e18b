-- Trained models are models too: each has a version per name and its lineage.
ALTER TABLE models ADD COLUMN version INT NOT NULL DEFAULT 1;
ALTER TABLE models ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'DEFINITION';
ALTER TABLE models ADD COLUMN parent_model_id VARCHAR(36);
ALTER TABLE models ADD COLUMN training_job_id VARCHAR(36);
ALTER TABLE models ADD COLUMN dataset VARCHAR(100);
ALTER TABLE models ADD COLUMN class_names_json TEXT;
ALTER TABLE models ADD COLUMN normalization VARCHAR(64);
CREATE UNIQUE INDEX models_name_version_idx ON models (name, version);

CREATE TABLE model_evaluations (
    id          VARCHAR(36) PRIMARY KEY,
    model_id    VARCHAR(36) NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    dataset     VARCHAR(100) NOT NULL,
    split       VARCHAR(16)  NOT NULL,
    report_json TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX model_evaluations_model_idx ON model_evaluations (model_id, created_at);

CREATE TABLE training_jobs (
    id                  VARCHAR(36)  PRIMARY KEY,
    state               VARCHAR(16)  NOT NULL,
    request_json        TEXT         NOT NULL,
    model_id            VARCHAR(36)  NOT NULL,
    model_name          VARCHAR(200) NOT NULL,
    dataset             VARCHAR(100) NOT NULL,
    epochs              INT          NOT NULL,
    result_model_id     VARCHAR(36),
    node                VARCHAR(200),
    epoch               INT,
    iteration           INT,
    examples_per_second DOUBLE PRECISION,
    loss                DOUBLE PRECISION,
    accuracy            DOUBLE PRECISION,
    history_json        TEXT,
    error               TEXT,
    cancel_requested    BOOLEAN      NOT NULL DEFAULT FALSE,
    checkpoint_file     VARCHAR(300),
    checkpoint_epoch    INT,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE,
    finished_at         TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX training_jobs_state_idx ON training_jobs (state, created_at);

-- db-scheduler's table (its documented PostgreSQL schema; H2 accepts it in PostgreSQL mode).
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
