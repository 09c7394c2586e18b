-- Who submitted each training job, for the per-caller quota of jobs queued or running.
-- Plain SQL that H2 (embedded default, PostgreSQL mode) and PostgreSQL both accept.
-- Jobs submitted before the column existed have no submitter and count against no one's quota.
ALTER TABLE training_jobs ADD COLUMN submitted_by VARCHAR(200);
CREATE INDEX training_jobs_submitter_idx ON training_jobs (submitted_by, state);
