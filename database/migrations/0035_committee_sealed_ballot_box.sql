-- Committee module: the sealed ballot box. A ballot used to add one to its application's running count in the same
-- transaction that wrote the voter's receipt, so the two row versions shared a transaction id and anyone reading the
-- tables (or their dead versions, the WAL, a backup) could pair each expert with a choice. Now a ballot is a sealed
-- envelope: its choice encrypted (AES-GCM) under a key made for the meeting when the vote opens, that key kept here
-- only wrapped by a ballot key that is a host secret outside the database. The envelope carries no voter, no time
-- and no sequence number (its id is random). The counts stay 0 until the vote closes; closing opens every envelope
-- of the meeting at once, writes the totals, deletes the envelopes and the meeting's key.
ALTER TABLE committee.meetings ADD COLUMN ballot_key bytea;
COMMENT ON COLUMN committee.meetings.ballot_key IS 'the meeting''s ballot key, wrapped by the host''s ballot key; set while voting, erased when the vote closes';

CREATE TABLE committee.ballot_box (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id      bigint NOT NULL,
    application_id  bigint NOT NULL,
    sealed          bytea NOT NULL CHECK (length(sealed) = 29),   -- nonce (12) + one encrypted byte + tag (16): every choice the same size
    FOREIGN KEY (meeting_id, application_id) REFERENCES committee.meeting_applications (meeting_id, application_id)
);
CREATE INDEX ballot_box_meeting_idx ON committee.ballot_box (meeting_id);
COMMENT ON TABLE committee.ballot_box IS 'sealed ballots of meetings still voting: no voter, no time; opened and deleted when the vote closes';
