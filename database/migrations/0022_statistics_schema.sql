-- Statistics module: a read model of application facts, rebuilt from the other modules' reporting views (never from
-- their tables), kept current by their integration events and a periodic refresh; the annual reports it generates.
CREATE SCHEMA IF NOT EXISTS statistics;

CREATE TABLE statistics.application_facts (
    application_id   bigint PRIMARY KEY,
    round_id         bigint NOT NULL,
    year             int NOT NULL,
    region_code      text NOT NULL,
    body_org_id      bigint NOT NULL,
    talent_category  int,
    series_code      text,
    applied_level    text,
    -- in_review / returned / cancelled / qualified / passed / failed / imported (a roster line without outcome)
    stage            text NOT NULL,
    qualified        boolean NOT NULL,   -- reached 待评审 (or evaluated)
    evaluated        boolean NOT NULL,   -- has a committee result (or an imported outcome)
    passed           boolean NOT NULL,
    submitted_at     timestamptz,
    refreshed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_facts_year_idx ON statistics.application_facts (year, region_code);
CREATE INDEX application_facts_round_idx ON statistics.application_facts (round_id);

CREATE TABLE statistics.annual_reports (
    year          int PRIMARY KEY,
    generated_at  timestamptz NOT NULL,
    generated_by  text NOT NULL,
    file_name     text NOT NULL,
    content       bytea NOT NULL,
    applications  int NOT NULL,
    version       int NOT NULL DEFAULT 1
);
