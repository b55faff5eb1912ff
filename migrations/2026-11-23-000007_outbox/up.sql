-- Work that leaves the process (an email, a webhook call) is written here in the same
-- transaction as the change that calls for it, then done by a background worker: a crash
-- before the commit leaves neither, a crash after it leaves a job that a worker will do.

CREATE TABLE webhook_endpoints (
    id          bigserial PRIMARY KEY,
    url         text NOT NULL CHECK (url ~ '^https?://'),
    -- 'koe': koe's JSON, signed with HMAC-SHA256; 'chat': a Slack-compatible {"text": …}.
    format      text NOT NULL DEFAULT 'koe' CHECK (format IN ('koe', 'chat')),
    -- Shown once when the endpoint is made; receivers check the signature with it.
    secret      text NOT NULL CHECK (length(secret) >= 32),
    events      text[] NOT NULL CHECK (events <@ ARRAY['response.created', 'follow_up.created']::text[] AND cardinality(events) > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz
);

CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('follow_up_email', 'webhook')),
    -- Everything the job needs, as it was when the job was made (the event's snapshot).
    payload       jsonb NOT NULL,
    recipient     text NOT NULL CHECK (recipient <> ''),
    endpoint_id   bigint REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    attempts      integer NOT NULL DEFAULT 0,
    run_after     timestamptz NOT NULL DEFAULT now(),
    -- A worker that claimed the job holds it until then; after a crash the lease runs out
    -- and another worker takes it.
    claimed_until timestamptz,
    sent_at       timestamptz,
    gave_up_at    timestamptz,
    last_error    text,
    -- What the last delivery attempt got back (HTTP status of a webhook), for the delivery log.
    last_status   integer,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'webhook') = (endpoint_id IS NOT NULL))
);

CREATE INDEX outbox_due ON outbox (run_after, id) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX outbox_endpoint ON outbox (endpoint_id, id) WHERE endpoint_id IS NOT NULL;
