-- Review module: each application's visible history (what happened, when, why), for the applicant's timeline. The
-- actor (a staff member's name) stays inside the module: the applicant sees the step, not the person.
CREATE VIEW review.v_report_case_events AS
SELECT e.application_id,
       e.id      AS seq,
       e.at,
       e.action,
       e.from_step,
       e.to_step,
       e.to_status,
       e.reason
FROM review.case_events e;

COMMENT ON VIEW review.v_report_case_events IS 'v1: the history of each review case in order (seq), without the actor';
