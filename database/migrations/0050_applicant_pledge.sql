-- Applicant module: the 诚信承诺书 confirmed at submission (its version and when; the latest submission's).
-- Applications imported from a roster keep null: their pledge was signed on paper.
ALTER TABLE applicant.applications ADD COLUMN pledge_version text, ADD COLUMN pledged_at timestamptz;
