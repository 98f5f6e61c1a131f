-- Statistics module: rounds whose facts are to be recomputed soon. A roster import records thousands of applications
-- in one transaction; counting them there would add seconds to the import (the target: 100,000 lines ≤ 5 s), so the
-- import's event only asks, here, in its own transaction (a rolled-back import asks nothing), and a job run every
-- minute recomputes the rounds asked for. Rows are taken out by the job that does it.
CREATE TABLE statistics.refresh_requests (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id      bigint NOT NULL,
    requested_at  timestamptz NOT NULL DEFAULT now()
);
