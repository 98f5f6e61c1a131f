-- Host: the schema of the Quartz job store (Quartz creates its own qrtz_* tables in it at start-up) and the
-- record of job runs that the scheduler page shows (written by a job listener on whichever node ran the job).
CREATE SCHEMA IF NOT EXISTS quartz;

CREATE TABLE quartz.job_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fire_id       text NOT NULL UNIQUE,
    job_group     text NOT NULL,
    job_name      text NOT NULL,
    trigger_name  text,
    instance_id   text NOT NULL,
    scheduled_at  timestamptz,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    succeeded     boolean,
    error         text
);
CREATE INDEX job_runs_job_idx ON quartz.job_runs (job_group, job_name, started_at DESC);
