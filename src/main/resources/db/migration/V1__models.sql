-- Model definitions and the file holding each model's current weights.
-- Plain SQL that H2 (embedded default, PostgreSQL mode) and PostgreSQL both accept.
CREATE TABLE models (
    id              VARCHAR(36)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    source_format   VARCHAR(16)  NOT NULL,
    definition_json TEXT         NOT NULL,
    seed            BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX models_name_idx ON models (name);

CREATE TABLE model_weights (
    model_id   VARCHAR(36)  PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
    file_name  VARCHAR(200) NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    size_bytes BIGINT       NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
