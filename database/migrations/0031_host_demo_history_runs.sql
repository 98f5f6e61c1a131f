-- Host: a large demo-history write in progress (tools/GreenChannel.DemoData, `seed-demo`, the benchmarks). It commits
-- in steps — the indexes and foreign keys taken off the tables it fills, two copies on two connections, the indexes
-- built again — and this row records it until the last step: the ids it reserved, the rounds, meetings and notices it
-- created, the statements that put every index and key back, and which copies have committed. A write that stopped
-- midway is finished from here at the next start (its rows taken out unless both copies committed; indexes rebuilt).
CREATE TABLE host.demo_history_runs (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_application_id  bigint NOT NULL,
    last_application_id   bigint NOT NULL,
    created_rounds        bigint[] NOT NULL,
    meetings              bigint[] NOT NULL,
    notices               bigint[] NOT NULL,
    rebuild_tables        text[] NOT NULL,
    rebuild               text[] NOT NULL,
    copied                text[] NOT NULL DEFAULT '{}',
    started_at            timestamptz NOT NULL DEFAULT now()
);
