-- Statistics module: every row of the dashboard's cube carries the version of the change that last touched it, so a
-- node that holds the cube in memory reads only the rows changed since the version it has (the target: the dashboard
-- just after a change). One trigger function for the three events; the version is raised before the rows are written,
-- and the cube_state row lock orders the changing transactions: a reader that sees version V sees every row up to V.
ALTER TABLE statistics.fact_cube ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX fact_cube_version ON statistics.fact_cube (version);

DROP TRIGGER fact_cube_insert ON statistics.application_facts;
DROP TRIGGER fact_cube_update ON statistics.application_facts;
DROP TRIGGER fact_cube_delete ON statistics.application_facts;
DROP FUNCTION statistics.fact_cube_on_insert();
DROP FUNCTION statistics.fact_cube_on_update();
DROP FUNCTION statistics.fact_cube_on_delete();

-- Transition tables are allowed only on single-event triggers; the one function reads the ones its event has
-- (new rows count +1, old rows -1).
CREATE FUNCTION statistics.fact_cube_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changes text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS s, * FROM new_facts'
        WHEN 'UPDATE' THEN 'SELECT 1 AS s, * FROM new_facts UNION ALL SELECT -1, * FROM old_facts'
        ELSE 'SELECT -1 AS s, * FROM old_facts' END;
    any_change boolean;
    v bigint;
BEGIN
    EXECUTE format('SELECT EXISTS (%s)', changes) INTO any_change;
    IF NOT any_change THEN
        RETURN NULL;
    END IF;
    UPDATE statistics.cube_state SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
    EXECUTE format($sql$
        INSERT INTO statistics.fact_cube AS c (year, round_id, region_code, talent_category, series_code, applied_level,
                                               applied, in_review, returned, cancelled, imported, qualified, evaluated, passed, version)
        SELECT year, round_id, region_code, talent_category, series_code, applied_level, sum(s),
               coalesce(sum(s) FILTER (WHERE stage = 'in_review'), 0), coalesce(sum(s) FILTER (WHERE stage = 'returned'), 0),
               coalesce(sum(s) FILTER (WHERE stage = 'cancelled'), 0), coalesce(sum(s) FILTER (WHERE stage = 'imported'), 0),
               coalesce(sum(s) FILTER (WHERE qualified), 0), coalesce(sum(s) FILTER (WHERE evaluated), 0), coalesce(sum(s) FILTER (WHERE passed), 0), $1
        FROM (%s) d
        GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
        ON CONFLICT ON CONSTRAINT fact_cube_key DO UPDATE SET
            applied = c.applied + excluded.applied, in_review = c.in_review + excluded.in_review, returned = c.returned + excluded.returned,
            cancelled = c.cancelled + excluded.cancelled, imported = c.imported + excluded.imported, qualified = c.qualified + excluded.qualified,
            evaluated = c.evaluated + excluded.evaluated, passed = c.passed + excluded.passed, version = excluded.version
        $sql$, changes) USING v;
    RETURN NULL;
END $$;

CREATE TRIGGER fact_cube_insert AFTER INSERT ON statistics.application_facts
    REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION statistics.fact_cube_apply();
CREATE TRIGGER fact_cube_update AFTER UPDATE ON statistics.application_facts
    REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION statistics.fact_cube_apply();
CREATE TRIGGER fact_cube_delete AFTER DELETE ON statistics.application_facts
    REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION statistics.fact_cube_apply();
