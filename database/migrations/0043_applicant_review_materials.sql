-- The works an application claims for the online review, one row each, for the modules that compare them (duplicate
-- claims) and for reports. Keys are normalised here so every reader compares the same way: the title without case,
-- spaces or punctuation (Chinese and ASCII), the identifier without case, spaces or hyphens. The person is a hash of the
-- ID number: comparing people needs no ID number.
CREATE VIEW applicant.v_report_works AS
SELECT a.id                                                                        AS application_id,
       a.round_id,
       r.year                                                                      AS round_year,
       a.state,
       md5(upper(a.form ->> 'idNumber'))                                           AS person_key,
       a.form ->> 'name'                                                           AS applicant_name,
       a.unit_name,
       w.ordinality::int                                                           AS seq,
       w.work ->> 'kind'                                                           AS kind,
       w.work ->> 'title'                                                          AS title,
       nullif(regexp_replace(lower(coalesce(w.work ->> 'title', '')), '[[:space:][:punct:]，。、：；“”‘’（）《》【】〔〕—…·！？]', '', 'g'), '') AS title_key,
       w.work ->> 'month'                                                          AS work_month,
       w.work ->> 'role'                                                           AS role,
       w.work ->> 'source'                                                         AS source,
       w.work ->> 'identifier'                                                     AS identifier,
       nullif(regexp_replace(upper(coalesce(w.work ->> 'identifier', '')), '[[:space:]\-－]', '', 'g'), '') AS identifier_key,
       (w.work ->> 'evidenceFileId')::bigint                                       AS evidence_file_id,
       coalesce((w.work ->> 'representative')::boolean, false)                     AS representative
FROM applicant.applications a
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.form -> 'works') = 'array' THEN a.form -> 'works' ELSE '[]'::jsonb END)
     WITH ORDINALITY AS w(work, ordinality)
LEFT JOIN rounds.v_report_rounds r ON r.round_id = a.round_id;
COMMENT ON VIEW applicant.v_report_works IS 'v1: each work claimed by an application (kind, title, month, role, source, identifier, evidence file) with normalised title and identifier keys and a hashed person key';

-- A scan is read in ranges (a viewer opens page 1 of a 20 MB PDF without the rest): stored uncompressed out of line,
-- PostgreSQL fetches only the chunks a substring needs. Scans are compressed formats already; new rows only.
ALTER TABLE applicant.file_blobs ALTER COLUMN content SET STORAGE EXTERNAL;
