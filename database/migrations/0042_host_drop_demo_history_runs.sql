-- Host: the demo-history journal goes. The demo history is now written through the modules' bulk loads in one
-- transaction (nothing to finish after a crash); only the scale benchmark takes indexes off, on a throwaway database,
-- and puts them back itself even when a copy fails. A demo installation whose large write stopped midway before this
-- change still gets its indexes and keys back here, from the statements the journal kept (each one idempotent).
DO $$
DECLARE
    statement text;
BEGIN
    FOR statement IN SELECT unnest(rebuild) FROM host.demo_history_runs LOOP
        EXECUTE statement;
    END LOOP;
END$$;

DROP TABLE host.demo_history_runs;
