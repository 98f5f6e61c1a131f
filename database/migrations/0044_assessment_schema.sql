-- Assessment module: the online review (网上评审) before a committee meeting votes. Experts are assigned to
-- applications, confirm they have no conflict, read the dossier and fill a scoring sheet; the committee sees a
-- calibrated summary. Scores are traceable to their expert on purpose (they are advice, signed); ballots stay in
-- the committee's sealed box, and nothing here refers to a ballot.
CREATE SCHEMA IF NOT EXISTS assessment;

-- The scoring sheets (评审打分表): criteria with weights and anchors, per talent category and series (null: any).
CREATE TABLE assessment.criteria_sets (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talent_category  int CHECK (talent_category BETWEEN 1 AND 7),
    series_code      text,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    criteria         jsonb NOT NULL,
    version          int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX criteria_sets_scope_idx ON assessment.criteria_sets (coalesce(talent_category, 0), coalesce(series_code, ''));

INSERT INTO assessment.criteria_sets (talent_category, series_code, name, criteria) VALUES
(NULL, NULL, '绿色通道职称评审打分表（通用）', '[
  {"code": "performance", "name": "业绩贡献", "weight": 40, "anchors": "36–40 取得重大突破或作出突出贡献，业内公认；28–35 业绩显著，有代表性成果；20–27 业绩一般；20 以下 业绩不足以支撑申报等级"},
  {"code": "achievement", "name": "成果水平", "weight": 30, "anchors": "27–30 代表作达到国内领先水平；21–26 达到区内先进水平；15–20 有一定水平；15 以下 水平不足"},
  {"code": "competence",  "name": "专业能力", "weight": 20, "anchors": "18–20 能解决本专业重大复杂问题；14–17 能独立解决复杂问题；10–13 能解决一般问题；10 以下 能力不足"},
  {"code": "ethics",      "name": "职业道德", "weight": 10, "anchors": "9–10 恪守职业道德，无不良记录；6–8 基本符合；6 以下 存在问题（须在评审意见中说明）"}
]'::jsonb),
(4, NULL, '绿色通道职称评审打分表（第 4 类：业绩显著但不具备规定学历）', '[
  {"code": "performance", "name": "业绩贡献", "weight": 50, "anchors": "45–50 长期扎根基层，业绩突出、贡献重大；35–44 业绩显著；25–34 业绩一般；25 以下 不足以弥补学历要求"},
  {"code": "achievement", "name": "成果水平", "weight": 20, "anchors": "18–20 成果获省部级以上认可；14–17 成果在本地区有影响；10–13 有一定成果；10 以下 成果不足"},
  {"code": "competence",  "name": "专业能力", "weight": 20, "anchors": "18–20 能解决本专业重大复杂问题；14–17 能独立解决复杂问题；10–13 能解决一般问题；10 以下 能力不足"},
  {"code": "ethics",      "name": "职业道德", "weight": 10, "anchors": "9–10 恪守职业道德，无不良记录；6–8 基本符合；6 以下 存在问题（须在评审意见中说明）"}
]'::jsonb);

-- One online review per meeting: its settings, the recorded seed of the assignment, and its state. Access to every
-- dossier of the meeting ends when the meeting's vote closes (state closed, set in the closing transaction).
CREATE TABLE assessment.panels (
    meeting_id                 bigint PRIMARY KEY,
    meeting_title              text NOT NULL,
    round_id                   bigint NOT NULL,
    experts_per_application    int NOT NULL CHECK (experts_per_application BETWEEN 1 AND 15),
    seed                       bigint NOT NULL,
    state                      text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'closed')),
    scoring_deadline           timestamptz NOT NULL,
    revision_deadline          timestamptz NOT NULL CHECK (revision_deadline >= scoring_deadline),
    published_at               timestamptz,
    closed_at                  timestamptz,
    created_by                 text NOT NULL,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    version                    int NOT NULL DEFAULT 1
);
CREATE INDEX panels_round_idx ON assessment.panels (round_id);

-- The applications and experts of the panel as they were when it was proposed (names for the pages, the facts the
-- conflicts and the matching were computed from).
CREATE TABLE assessment.panel_applications (
    meeting_id        bigint NOT NULL REFERENCES assessment.panels(meeting_id),
    application_id    bigint NOT NULL,
    name              text NOT NULL,
    masked_id_number  text NOT NULL,
    unit_name         text NOT NULL,
    series_code       text,
    speciality        text,
    talent_category   int,
    applied_title     text,
    PRIMARY KEY (meeting_id, application_id)
);

CREATE TABLE assessment.panel_experts (
    meeting_id    bigint NOT NULL REFERENCES assessment.panels(meeting_id),
    expert_id     bigint NOT NULL,
    name          text NOT NULL,
    work_unit     text NOT NULL,
    series_code   text NOT NULL,
    speciality    text NOT NULL,
    user_name     text,
    PRIMARY KEY (meeting_id, expert_id)
);
CREATE INDEX panel_experts_user_idx ON assessment.panel_experts (user_name);

-- Conflicts of interest found (computed) or declared, with where they come from.
CREATE TABLE assessment.conflicts (
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    expert_id       bigint NOT NULL,
    source          text NOT NULL CHECK (source IN ('same_unit', 'work_history', 'recommender', 'declared_tie', 'body_reviewer', 'declared')),
    detail          text NOT NULL CHECK (length(detail) <= 500),
    found_at        timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, application_id, expert_id, source),
    FOREIGN KEY (meeting_id, application_id) REFERENCES assessment.panel_applications (meeting_id, application_id)
);

CREATE TABLE assessment.assignments (
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    expert_id       bigint NOT NULL,
    role            text NOT NULL CHECK (role IN ('lead', 'member')),
    PRIMARY KEY (meeting_id, application_id, expert_id),
    FOREIGN KEY (meeting_id, application_id) REFERENCES assessment.panel_applications (meeting_id, application_id),
    FOREIGN KEY (meeting_id, expert_id) REFERENCES assessment.panel_experts (meeting_id, expert_id)
);
CREATE INDEX assignments_expert_idx ON assessment.assignments (expert_id);

-- Every change by hand to a proposed or published assignment.
CREATE TABLE assessment.assignment_changes (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id          bigint NOT NULL REFERENCES assessment.panels(meeting_id),
    application_id      bigint NOT NULL,
    removed_expert_id   bigint NOT NULL,
    added_expert_id     bigint NOT NULL,
    reason              text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    changed_by          text NOT NULL,
    changed_at          timestamptz NOT NULL
);

-- Ties an expert declares (a unit, a person) so that the conflict rules find them.
CREATE TABLE assessment.expert_ties (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    expert_id    bigint NOT NULL,
    unit         text CHECK (length(unit) <= 100),
    person       text CHECK (length(person) <= 50),
    note         text CHECK (length(note) <= 500),
    declared_at  timestamptz NOT NULL,
    CHECK (unit IS NOT NULL OR person IS NOT NULL)
);
CREATE INDEX expert_ties_expert_idx ON assessment.expert_ties (expert_id);

-- The expert's statements: before reading (phase before) and after the review (phase after).
CREATE TABLE assessment.confirmations (
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    expert_id       bigint NOT NULL,
    phase           text NOT NULL CHECK (phase IN ('before', 'after')),
    no_conflict     boolean NOT NULL,
    note            text CHECK (length(note) <= 500),
    confirmed_at    timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, application_id, expert_id, phase),
    FOREIGN KEY (meeting_id, application_id, expert_id) REFERENCES assessment.assignments (meeting_id, application_id, expert_id)
);

-- Each reading of a dossier or a file by an expert (also written to the audit log).
CREATE TABLE assessment.dossier_views (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    expert_id       bigint NOT NULL,
    what            text NOT NULL CHECK (what IN ('dossier', 'file', 'download')),
    file_id         bigint,
    viewed_at       timestamptz NOT NULL
);
CREATE INDEX dossier_views_assignment_idx ON assessment.dossier_views (meeting_id, application_id, expert_id);

-- The scoring sheets. Totals are kept with the sheet; withdrawn sheets (a conflict declared after the review) stay,
-- marked, and count nowhere.
CREATE TABLE assessment.sheets (
    meeting_id        bigint NOT NULL,
    application_id    bigint NOT NULL,
    expert_id         bigint NOT NULL,
    round_id          bigint NOT NULL,
    criteria_set_id   bigint NOT NULL REFERENCES assessment.criteria_sets(id),
    scores            jsonb NOT NULL,
    total             numeric(6, 1) NOT NULL CHECK (total >= 0),
    opinion           text NOT NULL CHECK (length(opinion) BETWEEN 1 AND 3000),
    recommendation    text NOT NULL CHECK (recommendation IN ('pass', 'reject')),
    familiarity       text NOT NULL CHECK (familiarity IN ('expert', 'familiar', 'general')),
    submitted_at      timestamptz NOT NULL,
    revised_at        timestamptz,
    first_total       numeric(6, 1) NOT NULL,
    withdrawn_at      timestamptz,
    withdrawn_reason  text,
    PRIMARY KEY (meeting_id, application_id, expert_id),
    FOREIGN KEY (meeting_id, application_id, expert_id) REFERENCES assessment.assignments (meeting_id, application_id, expert_id)
);
CREATE INDEX sheets_round_idx ON assessment.sheets (round_id, expert_id);
