-- Read contract for the 材料目录单 (附件1): the latest paper checklist recorded for each application, with the step
-- that recorded it. Quantities as recorded: {"1": 2, "2": 15, "3": null, …}, null = 无.
CREATE VIEW review.v_report_paper_checks AS
SELECT DISTINCT ON (p.application_id)
       p.application_id,
       p.step,
       p.quantities,
       p.consistent,
       p.checked_at
FROM review.paper_checks p
ORDER BY p.application_id, p.id DESC;
COMMENT ON VIEW review.v_report_paper_checks IS 'v1: the latest paper checklist (附件1 quantities) of each application';
