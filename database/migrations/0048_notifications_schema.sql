-- Notifications module: what other modules tell happened becomes messages for people — an inbox for every user, and
-- deliveries by e-mail and SMS drained by a job (ADR 0022).
CREATE SCHEMA IF NOT EXISTS notifications;

-- What happened, queued in the writer's own transaction (one insert); the fan-out job turns it into messages.
-- dedupe_key: events a job raises on a schedule (deadline reminders) carry one, so a second run adds nothing.
CREATE TABLE notifications.events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL,
    payload       jsonb NOT NULL,
    dedupe_key    text UNIQUE,
    occurred_at   timestamptz NOT NULL,
    processed_at  timestamptz,
    recipients    int
);
CREATE INDEX events_pending_idx ON notifications.events (id) WHERE processed_at IS NULL;

-- How a person wants to be told, beside the inbox everyone has: their e-mail and mobile and the channels chosen.
CREATE TABLE notifications.contacts (
    user_id     bigint PRIMARY KEY,
    email       text CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')),
    phone       text CHECK (phone IS NULL OR phone ~ '^1[3-9][0-9]{9}$'),
    by_email    boolean NOT NULL DEFAULT false,
    by_sms      boolean NOT NULL DEFAULT false,
    version     int NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL,
    CHECK (NOT by_email OR email IS NOT NULL),
    CHECK (NOT by_sms OR phone IS NOT NULL)
);

-- The inbox: one message per event and person.
CREATE TABLE notifications.messages (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES notifications.events(id),
    user_id     bigint NOT NULL,
    kind        text NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL,
    link        text,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    UNIQUE (event_id, user_id)
);
CREATE INDEX messages_user_idx ON notifications.messages (user_id, id DESC);
CREATE INDEX messages_unread_idx ON notifications.messages (user_id) WHERE read_at IS NULL;

-- The outbox: one delivery per message and chosen channel. A sender claims a delivery for a lease before it sends
-- (state sending, claimed_until); a node that dies mid-send leaves the claim to expire and another node takes it over
-- with the same idempotency key (the SMS gateway's Idempotency-Key, the e-mail's Message-ID).
CREATE TABLE notifications.deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id       bigint NOT NULL REFERENCES notifications.messages(id),
    channel          text NOT NULL CHECK (channel IN ('email', 'sms')),
    address          text NOT NULL,
    idempotency_key  uuid NOT NULL UNIQUE,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    claimed_by       text,
    claimed_until    timestamptz,
    sent_at          timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL,
    UNIQUE (message_id, channel)
);
CREATE INDEX deliveries_due_idx ON notifications.deliveries (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX deliveries_failed_idx ON notifications.deliveries (id DESC) WHERE state = 'failed';
