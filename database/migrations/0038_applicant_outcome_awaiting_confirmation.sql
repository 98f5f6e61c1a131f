-- Applicant module: a pass the committee's vote gave and the results notice has not yet confirmed (评审通过待公示确认)
-- is an outcome of its own. The eligibility rules read it (ALL.RESULT_PENDING: no application in another round until
-- it is confirmed or overturned); it is not the benefit used.
ALTER TABLE applicant.applications DROP CONSTRAINT applications_outcome_check;
ALTER TABLE applicant.applications ADD CONSTRAINT applications_outcome_check CHECK (outcome IN ('pending', 'approved', 'failed'));

-- Passes already voted and still awaiting their notice, as the committee's reporting view tells them.
UPDATE applicant.applications a SET outcome = 'pending', version = a.version + 1
FROM committee.v_report_evaluations e
WHERE e.application_id = a.id AND e.result = 'passed' AND e.confirmed_outcome IS NULL AND a.outcome IS NULL;

COMMENT ON VIEW applicant.v_report_applications IS 'v1: every application with its roster (附件2) columns; months as YYYY/MM; state draft/submitted/returned/cancelled/imported; outcome pending (评审通过待公示确认)/approved/failed';
