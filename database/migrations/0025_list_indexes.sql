-- Indexes for the paged lists at a million applications (issue 14): the work queue reads what waits in the order it
-- has waited, and counts per step; the 申报材料 list reads newest submitted first or by name.
CREATE INDEX cases_waiting_idx ON review.cases (status, updated_at, application_id);
CREATE INDEX cases_status_step_idx ON review.cases (status, step);
CREATE INDEX applications_submitted_idx ON applicant.applications (submitted_at DESC NULLS LAST, id DESC);
CREATE INDEX applications_name_idx ON applicant.applications ((form->>'name'), id);
