-- How often a run's job was lost with its node before a checkpoint and the run queued again under a new job.
ALTER TABLE experiment_runs ADD COLUMN retries INT NOT NULL DEFAULT 0;
