-- Review module: the review of each submitted application through the chain unit → recommending body → review center,
-- its visible history and the paper checklists recorded at each step.
CREATE TABLE review.cases (
    application_id           bigint PRIMARY KEY,
    round_id                 bigint NOT NULL,
    name                     text NOT NULL,
    id_number                text NOT NULL,
    masked_id_number         text NOT NULL,
    unit_name                text NOT NULL,
    unit_org_path            text NOT NULL,
    recommending_body_name   text NOT NULL,
    talent_category          int,
    series_code              text,
    step                     text NOT NULL CHECK (step IN ('unit_review', 'unit_notice', 'body_review', 'body_notice', 'center_review', 'ready_for_evaluation')),
    status                   text NOT NULL CHECK (status IN ('in_review', 'returned', 'cancelled')),
    version                  int NOT NULL DEFAULT 1,
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_scope_idx ON review.cases (unit_org_path text_pattern_ops);
CREATE INDEX cases_queue_idx ON review.cases (round_id, step, status);

CREATE TABLE review.case_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES review.cases(application_id),
    at              timestamptz NOT NULL,
    actor           text NOT NULL,
    action          text NOT NULL,
    from_step       text,
    to_step         text,
    reason          text
);
CREATE INDEX case_events_application_idx ON review.case_events (application_id, id);

CREATE TABLE review.paper_checks (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES review.cases(application_id),
    step            text NOT NULL,
    quantities      jsonb NOT NULL,             -- {"1": 2, "2": 15, "3": null, …}; null = 无
    consistent      boolean NOT NULL,
    differences     text,
    checked_by      text NOT NULL,
    checked_at      timestamptz NOT NULL
);
CREATE INDEX paper_checks_application_idx ON review.paper_checks (application_id, id);
