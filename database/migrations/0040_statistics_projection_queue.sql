-- Statistics module: the facts are a projection fed by a queue, off the writers' transactions. A writer's event
-- handler only records which application changed (one small insert here, in the writer's transaction, so a rolled-back
-- change asks nothing); a job run every two seconds takes the queue in batches and recomputes those facts, and the
-- cube's statement triggers then run in the job's transaction. Before, the facts were recomputed in every writer's
-- transaction, just before its COMMIT: a Statistics error refused a submission, and every writer took the cube's one
-- version row. Imports already queued their rounds here; an application id is the other kind of request.
ALTER TABLE statistics.refresh_requests ALTER COLUMN round_id DROP NOT NULL;
ALTER TABLE statistics.refresh_requests ADD COLUMN application_id bigint;
ALTER TABLE statistics.refresh_requests ADD CONSTRAINT refresh_requests_one_subject CHECK ((round_id IS NULL) <> (application_id IS NULL));

-- When the job last counted what was queued: the dashboard says how fresh its figures are.
CREATE TABLE statistics.projection_state (
    id            int PRIMARY KEY CHECK (id = 1),
    refreshed_at  timestamptz NOT NULL
);
INSERT INTO statistics.projection_state VALUES (1, now());
