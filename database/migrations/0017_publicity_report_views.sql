-- Publicity module: reporting view (read contract v1): every subject of every notice, with the notice and its objections.
CREATE VIEW publicity.v_report_notice_subjects AS
SELECT n.id                 AS notice_id,
       n.kind,
       n.title              AS notice_title,
       n.owner_org_id,
       n.owner_name,
       n.round_id,
       n.start_date,
       n.end_date,
       n.working_days,
       n.state              AS notice_state,
       n.published_at,
       n.closed_at,
       s.application_id,
       s.seq,
       s.name,
       s.masked_id_number,
       s.work_unit,
       s.series_name,
       s.applied_title,
       s.applied_level,
       s.talent_category,
       s.outcome,
       coalesce(o.objection_count, 0)  AS objection_count,
       coalesce(o.upheld_count, 0)     AS upheld_objection_count
FROM publicity.notice_subjects s
JOIN publicity.notices n ON n.id = s.notice_id
LEFT JOIN LATERAL (
    SELECT count(*) AS objection_count, count(*) FILTER (WHERE ob.state = 'upheld') AS upheld_count
    FROM publicity.objections ob
    WHERE ob.notice_id = s.notice_id AND ob.application_id = s.application_id
) o ON true;
COMMENT ON VIEW publicity.v_report_notice_subjects IS 'v1: subjects of notices (kind unit/body/results), notice state and dates, subject outcome (no_objection/objection_upheld), objection counts';

CREATE INDEX notice_subjects_application_idx ON publicity.notice_subjects (application_id);
