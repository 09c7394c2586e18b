-- Checkpoints are content-addressed objects like model files: the row records the SHA-256 that every read checks.
-- Plain SQL that H2 (embedded default, PostgreSQL mode) and PostgreSQL both accept.
-- Rows written before the column existed have none and are read unchecked.
ALTER TABLE training_jobs ADD COLUMN checkpoint_sha256 VARCHAR(64);
