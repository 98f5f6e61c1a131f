-- Statistics module: the dashboard's pre-aggregation (the million-application scale run). One row per combination of the dashboard's filters
-- (year, round, region, category, series, level) with the counts the dashboard shows, kept equal to
-- statistics.application_facts by statement triggers: every change of the facts — one application's event or the full
-- refresh — adds its new rows and takes away its old ones in the same statement. The dashboard then sums the cube's
-- rows (thousands) instead of counting the facts (a million).
CREATE TABLE statistics.fact_cube (
    year             int NOT NULL,
    round_id         bigint NOT NULL,
    region_code      text NOT NULL,
    talent_category  int,
    series_code      text,
    applied_level    text,
    applied          int NOT NULL,
    in_review        int NOT NULL,
    returned         int NOT NULL,
    cancelled        int NOT NULL,
    imported         int NOT NULL,
    qualified        int NOT NULL,
    evaluated        int NOT NULL,
    passed           int NOT NULL,
    CONSTRAINT fact_cube_key UNIQUE NULLS NOT DISTINCT (year, round_id, region_code, talent_category, series_code, applied_level)
);

-- The cube's version: one more with every change, in the changing transaction (so a reader sees a version only with
-- its data). The dashboard caches its answers per version.
CREATE TABLE statistics.cube_state (
    id       int PRIMARY KEY CHECK (id = 1),
    version  bigint NOT NULL
);
INSERT INTO statistics.cube_state VALUES (1, 0);

-- Transition tables are allowed only on single-event triggers: one function per event (+1 for new rows, -1 for old).
CREATE FUNCTION statistics.fact_cube_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE changed bigint;
BEGIN
    INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                           applied, in_review, returned, cancelled, imported, qualified, evaluated, passed)
    SELECT year, round_id, region_code, talent_category, series_code, applied_level, sum(s),
           coalesce(sum(s) FILTER (WHERE stage = 'in_review'), 0), coalesce(sum(s) FILTER (WHERE stage = 'returned'), 0),
           coalesce(sum(s) FILTER (WHERE stage = 'cancelled'), 0), coalesce(sum(s) FILTER (WHERE stage = 'imported'), 0),
           coalesce(sum(s) FILTER (WHERE qualified), 0), coalesce(sum(s) FILTER (WHERE evaluated), 0), coalesce(sum(s) FILTER (WHERE passed), 0)
    FROM (SELECT 1 AS s, * FROM new_facts) d
    GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
    ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
        applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
        cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
        evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed > 0 THEN
        UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION statistics.fact_cube_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE changed bigint;
BEGIN
    INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                           applied, in_review, returned, cancelled, imported, qualified, evaluated, passed)
    SELECT year, round_id, region_code, talent_category, series_code, applied_level, sum(s),
           coalesce(sum(s) FILTER (WHERE stage = 'in_review'), 0), coalesce(sum(s) FILTER (WHERE stage = 'returned'), 0),
           coalesce(sum(s) FILTER (WHERE stage = 'cancelled'), 0), coalesce(sum(s) FILTER (WHERE stage = 'imported'), 0),
           coalesce(sum(s) FILTER (WHERE qualified), 0), coalesce(sum(s) FILTER (WHERE evaluated), 0), coalesce(sum(s) FILTER (WHERE passed), 0)
    FROM (SELECT 1 AS s, * FROM new_facts UNION ALL SELECT -1, * FROM old_facts) d
    GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
    ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
        applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
        cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
        evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed > 0 THEN
        UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION statistics.fact_cube_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE changed bigint;
BEGIN
    INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                           applied, in_review, returned, cancelled, imported, qualified, evaluated, passed)
    SELECT year, round_id, region_code, talent_category, series_code, applied_level, sum(s),
           coalesce(sum(s) FILTER (WHERE stage = 'in_review'), 0), coalesce(sum(s) FILTER (WHERE stage = 'returned'), 0),
           coalesce(sum(s) FILTER (WHERE stage = 'cancelled'), 0), coalesce(sum(s) FILTER (WHERE stage = 'imported'), 0),
           coalesce(sum(s) FILTER (WHERE qualified), 0), coalesce(sum(s) FILTER (WHERE evaluated), 0), coalesce(sum(s) FILTER (WHERE passed), 0)
    FROM (SELECT -1 AS s, * FROM old_facts) d
    GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
    ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
        applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
        cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
        evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed > 0 THEN
        UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER fact_cube_insert AFTER INSERT ON statistics.application_facts
    REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION statistics.fact_cube_on_insert();
CREATE TRIGGER fact_cube_update AFTER UPDATE ON statistics.application_facts
    REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION statistics.fact_cube_on_update();
CREATE TRIGGER fact_cube_delete AFTER DELETE ON statistics.application_facts
    REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION statistics.fact_cube_on_delete();

-- What is there already.
INSERT INTO statistics.fact_cube
SELECT year, round_id, region_code, talent_category, series_code, applied_level, count(*),
       count(*) FILTER (WHERE stage = 'in_review'), count(*) FILTER (WHERE stage = 'returned'), count(*) FILTER (WHERE stage = 'cancelled'),
       count(*) FILTER (WHERE stage = 'imported'), count(*) FILTER (WHERE qualified), count(*) FILTER (WHERE evaluated), count(*) FILTER (WHERE passed)
FROM statistics.application_facts
GROUP BY year, round_id, region_code, talent_category, series_code, applied_level;
