-- Rounds module: review rounds become a module of their own (ADR 0006). The table moves with its data, indexes and
-- identity sequence (owned sequences follow their table) from the review schema into the new rounds schema; nothing else ever referenced it by name.
CREATE SCHEMA IF NOT EXISTS rounds;
ALTER TABLE review.rounds SET SCHEMA rounds;
