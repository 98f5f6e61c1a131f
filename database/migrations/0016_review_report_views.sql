-- Review module: each history entry records the status it led to, so returns can be counted without reading the
-- action text; and the reporting view of cases (read contract v1).
ALTER TABLE review.case_events ADD COLUMN to_status text CHECK (to_status IN ('in_review', 'returned', 'cancelled'));
UPDATE review.case_events SET to_status = CASE
    WHEN action LIKE '%退回' THEN 'returned'
    WHEN action = '取消申报资格' THEN 'cancelled'
    ELSE 'in_review' END;

CREATE VIEW review.v_report_cases AS
SELECT c.application_id,
       c.round_id,
       c.talent_category,
       c.series_code,
       c.step,
       c.status,
       CASE WHEN c.status = 'cancelled' THEN 'cancelled'
            WHEN c.status = 'returned' THEN 'returned'
            WHEN c.step = 'ready_for_evaluation' THEN 'qualified'
            ELSE 'in_review' END                                              AS outcome,
       e.started_at,
       c.updated_at,
       e.last_returned_at,
       e.qualified_at,
       e.cancelled_at,
       coalesce(e.return_count, 0)                                            AS return_count,
       coalesce(e.submission_count, 0)                                        AS submission_count
FROM review.cases c
LEFT JOIN LATERAL (
    SELECT min(ev.at)                                                           AS started_at,
           max(ev.at) FILTER (WHERE ev.to_status = 'returned')                  AS last_returned_at,
           max(ev.at) FILTER (WHERE ev.to_step = 'ready_for_evaluation' AND ev.to_status = 'in_review') AS qualified_at,
           max(ev.at) FILTER (WHERE ev.to_status = 'cancelled')                 AS cancelled_at,
           count(*) FILTER (WHERE ev.to_status = 'returned')                    AS return_count,
           count(*) FILTER (WHERE ev.to_step = 'unit_review' AND ev.to_status = 'in_review') AS submission_count
    FROM review.case_events ev
    WHERE ev.application_id = c.application_id
) e ON true;
COMMENT ON VIEW review.v_report_cases IS 'v1: one row per submitted application: step, status, outcome (in_review/returned/cancelled/qualified), dates, counts of returns and submissions';
