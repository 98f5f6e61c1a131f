-- Review module: indexes for the work queue at a million applications: what waits, in the order it has
-- waited, and the counts per step.
CREATE INDEX cases_waiting_idx ON review.cases (status, updated_at, application_id);
CREATE INDEX cases_status_step_idx ON review.cases (status, step);
