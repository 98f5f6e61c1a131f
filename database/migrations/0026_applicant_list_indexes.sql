-- Applicant module: indexes for the 申报材料 list at a million applications: newest submitted first, or by name.
CREATE INDEX applications_submitted_idx ON applicant.applications (submitted_at DESC NULLS LAST, id DESC);
CREATE INDEX applications_name_idx ON applicant.applications ((form->>'name'), id);
