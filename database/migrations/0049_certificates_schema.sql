-- Certificates module: the electronic title certificate (电子职称证书) of each confirmed pass, signed with SM2 over SM3,
-- verified in public by an unguessable code, revocable by the review center (ADR 0023).
CREATE SCHEMA IF NOT EXISTS certificates;

-- The signing keys. The newest active one signs; older ones stay to verify what they signed. A key given in the
-- configuration is recorded here by its public half only (private_key null).
CREATE TABLE certificates.keys (
    key_id       text PRIMARY KEY,
    public_key   bytea NOT NULL,
    private_key  bytea,
    created_at   timestamptz NOT NULL,
    active       boolean NOT NULL DEFAULT true
);

-- Numbers are never reused: one counter per year, taken in the issuing transaction.
CREATE TABLE certificates.number_counters (
    year  int PRIMARY KEY,
    last  int NOT NULL
);

-- Confirmed passes waiting for their certificate (queued in the confirming transaction; issued by a job).
CREATE TABLE certificates.issue_requests (
    application_id  bigint PRIMARY KEY,
    requested_at    timestamptz NOT NULL
);

CREATE TABLE certificates.certificates (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL UNIQUE,
    holder_user_id  bigint NOT NULL,
    number          text NOT NULL UNIQUE,
    code            text NOT NULL UNIQUE CHECK (code ~ '^[A-Z2-7]{20}$'),
    canonical       bytea NOT NULL,                 -- the signed bytes, exactly as signed
    signature       bytea NOT NULL,
    key_id          text NOT NULL REFERENCES certificates.keys(key_id),
    shared          text[] NOT NULL,
    issued_at       timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoked_reason  text CHECK (revoked_reason IS NULL OR length(revoked_reason) BETWEEN 2 AND 500),
    revoked_by      text,
    version         int NOT NULL DEFAULT 1
);
CREATE INDEX certificates_holder_idx ON certificates.certificates (holder_user_id);

-- Every public check: when, the client's network (coarse: the first two parts of an IPv4 address, or the first four of
-- IPv6) and a keyed hash of the full address for the per-address limit; never the address itself.
CREATE TABLE certificates.checks (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certificate_id  bigint REFERENCES certificates.certificates(id),
    code_asked      text NOT NULL,
    checked_at      timestamptz NOT NULL,
    region          text NOT NULL,
    client_hash     text NOT NULL
);
CREATE INDEX checks_certificate_idx ON certificates.checks (certificate_id, id DESC);
CREATE INDEX checks_client_idx ON certificates.checks (client_hash, checked_at);
