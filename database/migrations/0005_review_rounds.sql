-- Review module: review rounds (评审批次) and the integrity record (职称评审诚信档案库).
CREATE SCHEMA IF NOT EXISTS review;

CREATE TABLE review.rounds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year        int NOT NULL,
    half        text CHECK (half IN ('H1', 'H2')),          -- NULL: an ad-hoc round
    name        text NOT NULL,
    opens_at    timestamptz NOT NULL,
    deadline    timestamptz NOT NULL,
    state       text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'open', 'closed', 'evaluating', 'finished')),
    version     int NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (opens_at < deadline)
);
-- The yearly job may run on every node and twice: the regular rounds exist once per year and half.
CREATE UNIQUE INDEX rounds_year_half_uq ON review.rounds (year, half) WHERE half IS NOT NULL;
CREATE UNIQUE INDEX rounds_name_uq ON review.rounds (name);

CREATE TABLE review.integrity_records (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id_number       text NOT NULL,
    person_name     text NOT NULL,
    finding         text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    blocked_until   date,                                  -- NULL: blocks without end
    application_id  bigint,
    recorded_by     text NOT NULL
);
CREATE INDEX integrity_records_id_number_idx ON review.integrity_records (upper(id_number));
