-- Applicant module: the 申报材料 list sorted by name reads the name column (kept with the form by every writer)
-- instead of form->>'name': its index is built from a plain column, not by taking every form apart (a million forms
-- were the slowest index of the demo history and of the roster import). The region index had no reader
-- left since the statistics moved to their fact table; every write paid for it.
UPDATE applicant.applications SET name = form ->> 'name' WHERE name IS DISTINCT FROM form ->> 'name';
DROP INDEX IF EXISTS applicant.applications_name_idx;
CREATE INDEX applications_name_idx ON applicant.applications (name, id);
DROP INDEX IF EXISTS applicant.applications_region_idx;
