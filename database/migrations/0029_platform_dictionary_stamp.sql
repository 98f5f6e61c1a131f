-- Each node keeps the dictionaries (ethnic groups, education levels, title series and their levels) in memory; this
-- stamp says whether its copy is current. Every statement that changes a dictionary gives the stamp a new random value
-- in the same transaction, so a node compares one value instead of reading four tables, and sees a change as soon as
-- it is committed. Random, not a counter: a value never comes back (a restored backup, a rolled-back change).
CREATE TABLE platform.dictionary_state (
    id    int  PRIMARY KEY CHECK (id = 1),
    stamp uuid NOT NULL
);
INSERT INTO platform.dictionary_state (id, stamp) VALUES (1, gen_random_uuid());

CREATE FUNCTION platform.dictionary_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE platform.dictionary_state SET stamp = gen_random_uuid() WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER ethnic_groups_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON platform.ethnic_groups
    FOR EACH STATEMENT EXECUTE FUNCTION platform.dictionary_changed();
CREATE TRIGGER education_levels_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON platform.education_levels
    FOR EACH STATEMENT EXECUTE FUNCTION platform.dictionary_changed();
CREATE TRIGGER title_series_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON platform.title_series
    FOR EACH STATEMENT EXECUTE FUNCTION platform.dictionary_changed();
CREATE TRIGGER title_levels_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON platform.title_levels
    FOR EACH STATEMENT EXECUTE FUNCTION platform.dictionary_changed();
