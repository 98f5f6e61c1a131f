-- Reminders the committee administrator sends to experts whose sheets are not in; each expert sees theirs on the
-- online review page. (Delivery by e-mail or SMS belongs to the notifications the system does not have yet.)
CREATE TABLE assessment.reminders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id  bigint NOT NULL REFERENCES assessment.panels(meeting_id),
    expert_id   bigint NOT NULL,
    pending     int NOT NULL CHECK (pending > 0),     -- how many of the expert's applications were not yet scored
    note        text CHECK (length(note) <= 500),
    sent_by     text NOT NULL,
    sent_at     timestamptz NOT NULL,
    FOREIGN KEY (meeting_id, expert_id) REFERENCES assessment.panel_experts (meeting_id, expert_id)
);
CREATE INDEX reminders_expert_idx ON assessment.reminders (expert_id, sent_at DESC);
