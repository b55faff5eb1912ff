-- Follow-up workflow: who did what when, the outcome, and the first contact (for the
-- closed-loop rate: share of cases contacted within their due time).

ALTER TABLE follow_ups
    ADD COLUMN outcome text,
    ADD COLUMN first_contacted_at timestamptz;

CREATE TABLE follow_up_events (
    id bigserial PRIMARY KEY,
    follow_up_id bigint NOT NULL REFERENCES follow_ups (id) ON DELETE CASCADE,
    -- NULL: koe itself (a case opened by an answer), or a user since deleted.
    actor_id bigint REFERENCES users (id) ON DELETE SET NULL,
    kind text NOT NULL CHECK (kind IN ('created', 'status', 'note', 'reassigned')),
    from_status text,
    to_status text,
    note text,
    from_owner_id bigint REFERENCES users (id) ON DELETE SET NULL,
    to_owner_id bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX follow_up_events_follow_up_idx ON follow_up_events (follow_up_id, created_at, id);

-- Cases opened before this migration get their 'created' event, so every history starts there.
INSERT INTO follow_up_events (follow_up_id, kind, to_status, to_owner_id, created_at)
SELECT id, 'created', 'open', owner_id, created_at FROM follow_ups;
