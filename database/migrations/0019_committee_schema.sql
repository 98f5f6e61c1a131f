-- Committee module: the expert pool (评审专家库), committees (评审委员会) and their members, evaluation meetings per
-- round with attendance, recusal (回避) and the secret ballot. Ballots are kept as counts per application plus a
-- receipt saying who has voted, never which way: no table links an expert to a choice.
CREATE SCHEMA IF NOT EXISTS committee;

CREATE TABLE committee.experts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    work_unit    text NOT NULL CHECK (length(work_unit) BETWEEN 1 AND 200),
    unit_org_id  bigint,                    -- the unit in the org tree, when it is there (recusal by unit)
    series_code  text NOT NULL,
    speciality   text NOT NULL CHECK (length(speciality) BETWEEN 1 AND 100),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 50),
    title_level  text NOT NULL CHECK (title_level IN ('员级', '助理级', '中级', '副高级', '正高级')),
    in_post      boolean NOT NULL DEFAULT true,
    phone        text CHECK (length(phone) <= 30),
    user_name    text UNIQUE,               -- the expert's own account (user name), for voting online
    created_at   timestamptz NOT NULL DEFAULT now(),
    version      int NOT NULL DEFAULT 1,
    UNIQUE (name, work_unit, series_code)  -- importing the same pool twice creates no duplicates
);

CREATE TABLE committee.committees (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    kind         text NOT NULL CHECK (kind IN ('series', 'speciality')),
    series_code  text NOT NULL,
    speciality   text CHECK (length(speciality) <= 100),
    levels       text[] NOT NULL,
    filed_on     date NOT NULL,             -- 备案 date; valid for a number of years (setting, 3)
    created_at   timestamptz NOT NULL DEFAULT now(),
    version      int NOT NULL DEFAULT 1,
    CHECK (kind = 'series' OR speciality IS NOT NULL)
);

CREATE TABLE committee.members (
    committee_id bigint NOT NULL REFERENCES committee.committees(id),
    expert_id    bigint NOT NULL REFERENCES committee.experts(id),
    role         text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member')),
    term_start   date NOT NULL,
    term_end     date NOT NULL CHECK (term_end > term_start),
    PRIMARY KEY (committee_id, expert_id)
);
CREATE UNIQUE INDEX members_one_chair_idx ON committee.members (committee_id) WHERE role = 'chair';
CREATE INDEX members_expert_idx ON committee.members (expert_id);

CREATE TABLE committee.meetings (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committee_id      bigint NOT NULL REFERENCES committee.committees(id),
    round_id          bigint NOT NULL,
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    held_on           date NOT NULL,
    location          text NOT NULL CHECK (length(location) BETWEEN 1 AND 200),
    draw_size         int,                  -- null: the whole committee sits
    draw_seed         bigint,               -- recorded, so the draw can be repeated and checked
    state             text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'voting', 'closed', 'confirmed')),
    voting_opened_at  timestamptz,
    voting_closed_at  timestamptz,
    confirmed_at      timestamptz,
    created_by        text NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    version           int NOT NULL DEFAULT 1
);
CREATE INDEX meetings_round_idx ON committee.meetings (round_id);

CREATE TABLE committee.meeting_experts (
    meeting_id  bigint NOT NULL REFERENCES committee.meetings(id),
    expert_id   bigint NOT NULL REFERENCES committee.experts(id),
    present     boolean,                    -- null until attendance is taken
    PRIMARY KEY (meeting_id, expert_id)
);

CREATE TABLE committee.meeting_applications (
    meeting_id         bigint NOT NULL REFERENCES committee.meetings(id),
    application_id     bigint NOT NULL,
    seq                int NOT NULL,
    name               text NOT NULL,
    masked_id_number   text NOT NULL,
    work_unit          text NOT NULL,
    unit_org_id        bigint NOT NULL,
    series_code        text,
    speciality         text,
    applied_title      text,
    applied_level      text,
    talent_category    int,
    round_year         int NOT NULL,
    paper_tally        boolean NOT NULL DEFAULT false,   -- counted from paper ballots by the clerk
    yes                int NOT NULL DEFAULT 0 CHECK (yes >= 0),
    no                 int NOT NULL DEFAULT 0 CHECK (no >= 0),
    abstain            int NOT NULL DEFAULT 0 CHECK (abstain >= 0),
    eligible           int,                 -- experts present and not recused, fixed when the vote closes
    result             text CHECK (result IN ('passed', 'failed')),
    confirmed_outcome  text CHECK (confirmed_outcome IN ('approved', 'failed')),
    confirmed_at       timestamptz,
    PRIMARY KEY (meeting_id, application_id)
);
CREATE UNIQUE INDEX meeting_applications_once_idx ON committee.meeting_applications (application_id);

CREATE TABLE committee.recusals (
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    expert_id       bigint NOT NULL REFERENCES committee.experts(id),
    reason          text NOT NULL CHECK (reason IN ('same_unit', 'declared')),
    note            text CHECK (length(note) <= 500),
    PRIMARY KEY (meeting_id, application_id, expert_id),
    FOREIGN KEY (meeting_id, application_id) REFERENCES committee.meeting_applications (meeting_id, application_id)
);

-- Who has voted on what (one ballot each), never the choice.
CREATE TABLE committee.ballot_receipts (
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    expert_id       bigint NOT NULL REFERENCES committee.experts(id),
    PRIMARY KEY (meeting_id, application_id, expert_id),
    FOREIGN KEY (meeting_id, application_id) REFERENCES committee.meeting_applications (meeting_id, application_id)
);

-- Read contract for statistics: one row per evaluated application.
CREATE VIEW committee.v_report_evaluations AS
SELECT ma.application_id,
       ma.meeting_id,
       m.round_id,
       ma.round_year,
       c.id              AS committee_id,
       c.name            AS committee_name,
       m.held_on,
       m.state           AS meeting_state,
       ma.series_code,
       ma.applied_level,
       ma.talent_category,
       CASE WHEN m.state IN ('closed', 'confirmed') THEN ma.yes END     AS yes,
       CASE WHEN m.state IN ('closed', 'confirmed') THEN ma.no END      AS no,
       CASE WHEN m.state IN ('closed', 'confirmed') THEN ma.abstain END AS abstain,
       ma.eligible,
       ma.result,
       ma.confirmed_outcome,
       ma.confirmed_at
FROM committee.meeting_applications ma
JOIN committee.meetings m ON m.id = ma.meeting_id
JOIN committee.committees c ON c.id = m.committee_id;
COMMENT ON VIEW committee.v_report_evaluations IS 'v1: one row per application put to a committee meeting: tallies (after the vote closes), result, confirmed outcome';
