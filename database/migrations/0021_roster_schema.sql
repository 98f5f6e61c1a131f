-- Roster module: the 编号 each application gets when its recommending body passes it onto the roster it reports to
-- the review center. Assigned once, never reused: a counter per round and recommending body only moves forward.
CREATE SCHEMA IF NOT EXISTS roster;

CREATE TABLE roster.counters (
    round_id     bigint NOT NULL,
    body_org_id  bigint NOT NULL,
    last_seq     int NOT NULL,
    PRIMARY KEY (round_id, body_org_id)
);

CREATE TABLE roster.numbers (
    application_id  bigint PRIMARY KEY,
    round_id        bigint NOT NULL,
    body_org_id     bigint NOT NULL,
    seq             int NOT NULL,
    number          text NOT NULL,
    assigned_at     timestamptz NOT NULL,
    UNIQUE (round_id, number),
    UNIQUE (round_id, body_org_id, seq)
);

CREATE VIEW roster.v_report_numbers AS
SELECT application_id, round_id, body_org_id, seq, number, assigned_at FROM roster.numbers;
COMMENT ON VIEW roster.v_report_numbers IS 'v1: the roster number (编号) of each application reported by a recommending body';
