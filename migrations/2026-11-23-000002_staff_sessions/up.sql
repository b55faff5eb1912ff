-- Signed-in staff. The cookie carries a random token; only its SHA-256 is kept, so a
-- leaked database does not leak live sessions. Stored here, not in process memory, so
-- that every koe process sharing this database knows every session.
CREATE TABLE staff_sessions (
    token_sha256  bytea PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Every state-changing staff form carries this token (synchroniser-token CSRF defence).
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX staff_sessions_user_id ON staff_sessions (user_id);

-- Sign-in attempts, for rate limiting per account and per client address across processes.
CREATE TABLE sign_in_attempts (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL,
    client_ip     text NOT NULL,
    succeeded     boolean NOT NULL,
    attempted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, attempted_at);
CREATE INDEX sign_in_attempts_client_ip ON sign_in_attempts (client_ip, attempted_at);
