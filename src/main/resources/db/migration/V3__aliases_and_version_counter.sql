-- Named pointers to versions, the last version number each name has used, and where an imported model came from.
-- Plain SQL that H2 (embedded default, PostgreSQL mode) and PostgreSQL both accept.

-- A name's versions are numbered from this counter, never from the versions still present, so that a deleted
-- version's number is never given to another model (metric series and aliases name models by it).
CREATE TABLE model_name_versions (
    name         VARCHAR(200) PRIMARY KEY,
    last_version INT          NOT NULL
);
INSERT INTO model_name_versions (name, last_version)
SELECT name, MAX(version) FROM models GROUP BY name;

-- No ON DELETE action: a version that an alias points at cannot be deleted until the alias moves.
CREATE TABLE model_aliases (
    name       VARCHAR(200) NOT NULL,
    alias      VARCHAR(64)  NOT NULL,
    model_id   VARCHAR(36)  NOT NULL REFERENCES models (id),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (name, alias)
);
CREATE INDEX model_aliases_model_idx ON model_aliases (model_id);

-- Lineage of a model that was not trained here: how it arrived, the file's format and checksum.
ALTER TABLE models ADD COLUMN lineage_source VARCHAR(16);
ALTER TABLE models ADD COLUMN lineage_format VARCHAR(16);
ALTER TABLE models ADD COLUMN lineage_sha256 VARCHAR(64);
UPDATE models SET lineage_source = 'training' WHERE training_job_id IS NOT NULL;
