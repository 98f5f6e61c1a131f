-- Applicant module: why an application was returned, shown to the applicant until they resubmit.
ALTER TABLE applicant.applications ADD COLUMN return_reason text;
