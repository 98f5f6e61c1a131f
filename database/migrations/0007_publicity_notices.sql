-- Publicity module: public notices (公示) of at least five working days, their subjects and objections (异议).
CREATE SCHEMA IF NOT EXISTS publicity;

CREATE TABLE publicity.notices (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('unit', 'body', 'results')),
    title            text NOT NULL,
    owner_org_id     bigint NOT NULL,
    owner_org_path   text NOT NULL,
    owner_name       text NOT NULL,
    round_id         bigint,
    start_date       date NOT NULL,
    working_days     int NOT NULL CHECK (working_days >= 1),
    end_date         date,                       -- computed on the working-day calendar when published
    where_published  text NOT NULL,
    state            text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'withdrawn', 'closed')),
    public_token     text NOT NULL UNIQUE,
    published_at     timestamptz,
    closed_at        timestamptz,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    version          int NOT NULL DEFAULT 1
);
CREATE INDEX notices_scope_idx ON publicity.notices (owner_org_path text_pattern_ops);
CREATE INDEX notices_open_idx ON publicity.notices (state, end_date) WHERE state = 'published';

CREATE TABLE publicity.notice_subjects (
    notice_id        bigint NOT NULL REFERENCES publicity.notices(id) ON DELETE CASCADE,
    application_id   bigint NOT NULL,
    seq              int NOT NULL,
    name             text NOT NULL,
    masked_id_number text NOT NULL,
    work_unit        text NOT NULL,
    series_name      text,
    applied_title    text,
    applied_level    text,
    talent_category  int,
    outcome          text CHECK (outcome IN ('no_objection', 'objection_upheld')),
    PRIMARY KEY (notice_id, application_id)
);

-- Publishing freezes the subject list: only the outcome may change afterwards.
CREATE FUNCTION publicity.subjects_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    notice_state text;
BEGIN
    SELECT state INTO notice_state FROM publicity.notices WHERE id = COALESCE(NEW.notice_id, OLD.notice_id);
    IF notice_state IS DISTINCT FROM 'draft' THEN
        RAISE EXCEPTION '公示已发布，公示对象名单不能再修改' USING ERRCODE = 'check_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$;
CREATE TRIGGER notice_subjects_frozen
    BEFORE INSERT OR DELETE OR UPDATE OF application_id, seq, name, masked_id_number, work_unit, series_name, applied_title, applied_level, talent_category
    ON publicity.notice_subjects FOR EACH ROW EXECUTE FUNCTION publicity.subjects_frozen();

CREATE TABLE publicity.objections (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id          bigint NOT NULL REFERENCES publicity.notices(id),
    application_id     bigint NOT NULL,
    text               text NOT NULL,
    submitter_name     text,
    submitter_contact  text,
    submitted_at       timestamptz NOT NULL,
    client_address     text NOT NULL,
    state              text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'dismissed')),
    handling_reason    text,
    handled_by         text,
    handled_at         timestamptz,
    version            int NOT NULL DEFAULT 1,
    FOREIGN KEY (notice_id, application_id) REFERENCES publicity.notice_subjects (notice_id, application_id)
);
CREATE INDEX objections_notice_idx ON publicity.objections (notice_id, state);
CREATE INDEX objections_rate_idx ON publicity.objections (client_address, submitted_at);
