-- Platform: the audit log becomes a hash chain (SM3). A sealer gives each entry, in the order it seals them, a
-- sequence number, the hash of the entry before and its own hash over that and the entry's canonical text; whoever
-- edits, deletes or reorders entries directly in PostgreSQL (as a superuser can, past the triggers) breaks the chain
-- at that entry, and `verify-audit` names it.
ALTER TABLE platform.audit_log
    ADD COLUMN chain_seq  bigint UNIQUE,
    ADD COLUMN prev_hash  bytea,
    ADD COLUMN hash       bytea;

-- Unsealed entries in the order they were written, for the sealer.
CREATE INDEX audit_log_unsealed_idx ON platform.audit_log (id) WHERE hash IS NULL;

-- Still append-only: the one change allowed is sealing, once, an entry whose content stays as it was.
CREATE OR REPLACE FUNCTION platform.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.chain_seq IS NULL AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.user_id, NEW.user_name, NEW.action, NEW.entity_type, NEW.entity_id, NEW.before, NEW.after)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.user_id, OLD.user_name, OLD.action, OLD.entity_type, OLD.entity_id, OLD.before, OLD.after) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
END;
$$;

-- The chain's head of each day (the last entry sealed that day), signed with SM2 under a key kept outside the database
-- (GreenChannel:Audit:HeadKeyFile). A chain cut short at its end, or rebuilt from some entry on, no longer reaches
-- the signed heads; a head changed in the database no longer matches its signature.
CREATE TABLE platform.audit_heads (
    day        date PRIMARY KEY,
    chain_seq  bigint NOT NULL,
    hash       bytea NOT NULL,
    key_id     text NOT NULL,
    signature  bytea NOT NULL,
    signed_at  timestamptz NOT NULL
);
