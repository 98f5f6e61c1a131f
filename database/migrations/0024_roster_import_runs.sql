-- Roster module: each roster import made in the background, how far it has got and what it found, so the page can
-- show progress and the person can leave and come back to the result (its error table included).
CREATE TABLE roster.import_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name    text NOT NULL,
    state        text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    progress     int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    step         text NOT NULL DEFAULT '排队中',
    error        text,
    result       jsonb,
    started_by   text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX import_runs_started_idx ON roster.import_runs (id DESC);
