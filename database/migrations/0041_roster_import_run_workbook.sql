-- Roster module: an import runs as a one-off job of the clustered scheduler, possibly on another node or again after
-- its node died, so the uploaded workbook is kept with its run until the run ends (then cleared).
ALTER TABLE roster.import_runs ADD COLUMN workbook bytea;
