-- Applicant module: reporting view (read contract v1). One typed column for every 花名册 (附件2) column, pulled out of
-- the form document, plus round, region, category, series, level, state and dates. The JSONB is never read from
-- outside this module: Roster, Statistics and exports read this view.
CREATE VIEW applicant.v_report_applications AS
SELECT a.id                                                   AS application_id,
       a.round_id,
       r.year                                                 AS round_year,
       r.round_name,
       a.region_code,
       g.region_name,
       a.recommending_body_org_id,
       a.recommending_body_name,
       a.unit_org_id,
       a.unit_org_path,
       a.state,
       a.outcome,
       a.return_reason,
       a.created_at,
       a.submitted_at,
       a.updated_at,
       -- the roster columns, in 附件2 order (序号 is the row number of the sheet and is not stored)
       coalesce(nullif(a.form ->> 'workUnit', ''), a.unit_name) AS work_unit,
       a.form ->> 'name'                                      AS name,
       a.form ->> 'idNumber'                                  AS id_number,
       CASE WHEN length(a.form ->> 'idNumber') = 18
            THEN left(a.form ->> 'idNumber', 6) || '********' || right(a.form ->> 'idNumber', 4)
            ELSE repeat('*', coalesce(length(a.form ->> 'idNumber'), 0)) END AS masked_id_number,
       a.form ->> 'gender'                                    AS gender,
       a.form ->> 'birthMonth'                                AS birth_month,
       a.form ->> 'ethnicGroup'                               AS ethnic_group,
       a.form ->> 'education'                                 AS education,
       a.form ->> 'school'                                    AS school,
       a.form ->> 'graduationMonth'                           AS graduation_month,
       coalesce(a.form ->> 'school', '') || coalesce(a.form ->> 'graduationMonth', '') AS school_and_graduation,
       a.form ->> 'seriesCode'                                AS series_code,
       s.series_name,
       a.form ->> 'speciality'                                AS speciality,
       a.form ->> 'currentTitle'                              AS current_title,
       a.form ->> 'currentTitleLevel'                         AS current_title_level,
       a.form ->> 'currentTitleMonth'                         AS current_title_month,
       coalesce(a.form ->> 'currentTitle', '') || coalesce(a.form ->> 'currentTitleMonth', '') AS current_title_and_month,
       a.form ->> 'appliedTitle'                              AS applied_title,
       a.form ->> 'appliedLevel'                              AS applied_level,
       a.form ->> 'profession'                                AS profession,
       (a.form ->> 'talentCategory')::int                     AS talent_category,
       a.form ->> 'remarks'                                   AS remarks,
       a.form ->> 'contactPhone'                              AS contact_phone
FROM applicant.applications a
LEFT JOIN rounds.v_report_rounds r ON r.round_id = a.round_id
LEFT JOIN platform.v_report_regions g ON g.region_code = a.region_code
LEFT JOIN platform.v_report_title_series s ON s.series_code = a.form ->> 'seriesCode';
COMMENT ON VIEW applicant.v_report_applications IS 'v1: every application with its roster (附件2) columns; months as YYYY/MM; state draft/submitted/returned/cancelled; outcome approved/failed';

-- What the reports filter and group by.
CREATE INDEX applications_region_idx ON applicant.applications (region_code, round_id);
CREATE INDEX applications_body_idx ON applicant.applications (recommending_body_org_id, round_id);
