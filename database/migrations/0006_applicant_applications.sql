-- Applicant module: applications (the form as JSONB plus the columns queries need) and scanned files, stored in the
-- database, content addressed by SHA-256 (blobs) with metadata per application.
CREATE SCHEMA IF NOT EXISTS applicant;

CREATE TABLE applicant.applications (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id                  bigint,
    owner_user_id             bigint NOT NULL,
    unit_org_id               bigint NOT NULL,
    unit_org_path             text NOT NULL,
    unit_name                 text NOT NULL,
    recommending_body_org_id  bigint NOT NULL,
    recommending_body_name    text NOT NULL,
    region_code               text NOT NULL,
    state                     text NOT NULL DEFAULT 'draft',
    outcome                   text CHECK (outcome IN ('approved', 'failed')),   -- set by the committee's result
    id_number                 text,
    name                      text,
    form                      jsonb NOT NULL,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    submitted_at              timestamptz,
    version                   int NOT NULL DEFAULT 1
);
CREATE INDEX applications_owner_idx ON applicant.applications (owner_user_id);
CREATE INDEX applications_id_number_idx ON applicant.applications (id_number);
CREATE INDEX applications_scope_idx ON applicant.applications (unit_org_path text_pattern_ops);
CREATE INDEX applications_round_idx ON applicant.applications (round_id, state);

CREATE TABLE applicant.file_blobs (
    sha256   text PRIMARY KEY,
    size     bigint NOT NULL,
    content  bytea NOT NULL
);

CREATE TABLE applicant.application_files (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES applicant.applications(id) ON DELETE CASCADE,
    item            int NOT NULL CHECK (item BETWEEN 1 AND 11),
    file_name       text NOT NULL,
    content_type    text NOT NULL,
    size            bigint NOT NULL,
    sha256          text NOT NULL REFERENCES applicant.file_blobs(sha256),
    uploaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_files_application_idx ON applicant.application_files (application_id);
