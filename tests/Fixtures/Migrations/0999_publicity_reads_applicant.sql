-- A deliberately bad migration: the publicity module reaching into the applicant module's table.
CREATE VIEW publicity.v_bad AS SELECT a.id, a.form FROM applicant.applications a;
