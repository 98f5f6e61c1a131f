-- Statistics module: a pass the committee's vote gave and its results notice has not yet confirmed (评审通过待公示确认)
-- is counted apart — stage 'pending' in the facts, the cube's new measure pending — in neither evaluated nor passed
-- until it is confirmed or overturned. Before, it counted as passed the moment the vote closed, while the eligibility
-- rules waited for the notice. The trigger function is that of 0034 with the new measure.
ALTER TABLE statistics.fact_cube ADD COLUMN pending int NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION statistics.fact_cube_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM new_facts) THEN
            RETURN NULL;
        END IF;
        UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
        INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                               applied, in_review, returned, cancelled, imported, qualified, evaluated, passed, pending, version)
        SELECT year, round_id, region_code, talent_category, series_code, applied_level, count(*),
               count(*) FILTER (WHERE stage = 'in_review'), count(*) FILTER (WHERE stage = 'returned'),
               count(*) FILTER (WHERE stage = 'cancelled'), count(*) FILTER (WHERE stage = 'imported'),
               count(*) FILTER (WHERE qualified), count(*) FILTER (WHERE evaluated), count(*) FILTER (WHERE passed),
               count(*) FILTER (WHERE stage = 'pending'), v
        FROM new_facts
        GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
        ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
            applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
            cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
            evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed,
            pending = c.pending + excluded.pending, version = excluded.version;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_facts) THEN
            RETURN NULL;
        END IF;
        UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
        INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                               applied, in_review, returned, cancelled, imported, qualified, evaluated, passed, pending, version)
        SELECT year, round_id, region_code, talent_category, series_code, applied_level, -count(*),
               -count(*) FILTER (WHERE stage = 'in_review'), -count(*) FILTER (WHERE stage = 'returned'),
               -count(*) FILTER (WHERE stage = 'cancelled'), -count(*) FILTER (WHERE stage = 'imported'),
               -count(*) FILTER (WHERE qualified), -count(*) FILTER (WHERE evaluated), -count(*) FILTER (WHERE passed),
               -count(*) FILTER (WHERE stage = 'pending'), v
        FROM old_facts
        GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
        ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
            applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
            cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
            evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed,
            pending = c.pending + excluded.pending, version = excluded.version;
    ELSE
        IF NOT EXISTS (SELECT 1 FROM new_facts) AND NOT EXISTS (SELECT 1 FROM old_facts) THEN
            RETURN NULL;
        END IF;
        UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
        INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                               applied, in_review, returned, cancelled, imported, qualified, evaluated, passed, pending, version)
        SELECT year, round_id, region_code, talent_category, series_code, applied_level, sum(s),
               coalesce(sum(s) FILTER (WHERE stage = 'in_review'), 0), coalesce(sum(s) FILTER (WHERE stage = 'returned'), 0),
               coalesce(sum(s) FILTER (WHERE stage = 'cancelled'), 0), coalesce(sum(s) FILTER (WHERE stage = 'imported'), 0),
               coalesce(sum(s) FILTER (WHERE qualified), 0), coalesce(sum(s) FILTER (WHERE evaluated), 0), coalesce(sum(s) FILTER (WHERE passed), 0),
               coalesce(sum(s) FILTER (WHERE stage = 'pending'), 0), v
        FROM (SELECT 1 AS s, * FROM new_facts UNION ALL SELECT -1, * FROM old_facts) d
        GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
        ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
            applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
            cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
            evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed,
            pending = c.pending + excluded.pending, version = excluded.version;
    END IF;
    RETURN NULL;
END $$;

-- The facts already there (the trigger moves their counts in the cube), as the committee's reporting view tells them.
UPDATE statistics.application_facts f SET stage = 'pending', qualified = true, evaluated = false, passed = false, refreshed_at = now()
FROM committee.v_report_evaluations e
WHERE e.application_id = f.application_id AND e.result = 'passed' AND e.confirmed_outcome IS NULL AND f.stage <> 'pending';
