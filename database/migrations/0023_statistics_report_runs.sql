-- Statistics module: each generation of an annual report and how far it has got, so the page can show progress and
-- a person can leave and come back.
CREATE TABLE statistics.report_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year         int NOT NULL,
    state        text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    progress     int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    step         text NOT NULL DEFAULT '排队中',
    error        text,
    started_by   text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX report_runs_year_idx ON statistics.report_runs (year, id DESC);
