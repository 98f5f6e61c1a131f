-- Applicant module: whose application it is (the account that applies), for modules that tell the applicant what
-- happened to it (notifications). The roster view keeps its columns; this is a view of its own.
CREATE VIEW applicant.v_report_application_owners AS
SELECT a.id                     AS application_id,
       a.owner_user_id,
       a.round_id,
       a.state,
       a.unit_org_id,
       a.recommending_body_org_id,
       a.form ->> 'name'         AS name,
       a.form ->> 'appliedTitle' AS applied_title
FROM applicant.applications a;

COMMENT ON VIEW applicant.v_report_application_owners IS 'v1: each application with the user who owns it; state as v_report_applications';
