-- The organisation koe runs for: one row. Its time zone cuts periods (weeks, months) in reports.
CREATE TABLE organization (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name        text NOT NULL,
    time_zone   text NOT NULL DEFAULT 'Asia/Tokyo',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    email           text NOT NULL UNIQUE CHECK (email = lower(email) AND email <> ''),
    display_name    text NOT NULL DEFAULT '',
    role            text NOT NULL CHECK (role IN ('admin', 'manager', 'cs')),
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz
);

-- API tokens are shown once; only their SHA-256 is kept.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL CHECK (name <> ''),
    token_sha256  bytea NOT NULL UNIQUE,
    scope         text NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

CREATE TABLE accounts (
    id                bigserial PRIMARY KEY,
    external_id       text NOT NULL UNIQUE CHECK (external_id <> ''),
    name              text NOT NULL CHECK (name <> ''),
    owner_id          bigint REFERENCES users (id) ON DELETE SET NULL,
    segment           text,
    plan              text,
    mrr               bigint NOT NULL DEFAULT 0 CHECK (mrr >= 0),
    stage             text NOT NULL DEFAULT 'customer'
                      CHECK (stage IN ('lead', 'prospect', 'customer', 'repeater', 'fan', 'ambassador', 'alumni')),
    last_activity_at  timestamptz,
    churned_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_owner_id ON accounts (owner_id);

CREATE TABLE contacts (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email            text NOT NULL UNIQUE CHECK (email = lower(email) AND email <> ''),
    name             text,
    locale           text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
    -- Set by an exit answer's opt-in: keep in touch after the account leaves.
    keep_in_touch    boolean NOT NULL DEFAULT false,
    unsubscribed_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account_id ON contacts (account_id);

CREATE TABLE surveys (
    id                    bigserial PRIMARY KEY,
    kind                  text NOT NULL CHECK (kind IN ('nps', 'csat', 'exit')),
    name                  text NOT NULL CHECK (name <> ''),
    -- The company or product the questions are about ("{subject}を友人や同僚に薦める…").
    subject               text NOT NULL CHECK (subject <> ''),
    question              text,
    comment_prompt        text,
    -- Exit surveys: [{"code": "price", "ja": "価格", "en": "Price"}, …] in display order.
    reasons               jsonb NOT NULL DEFAULT '[]',
    invitation_ttl_days   integer NOT NULL DEFAULT 30 CHECK (invitation_ttl_days BETWEEN 1 AND 365),
    -- The one link for anonymous answers, if the survey has one.
    public_token          text UNIQUE,
    closed_at             timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invitations (
    id           bigserial PRIMARY KEY,
    survey_id    bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    contact_id   bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    token        text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    opened_at    timestamptz
);
CREATE INDEX invitations_survey_id ON invitations (survey_id);
CREATE INDEX invitations_contact_id ON invitations (contact_id);

-- One row per answer. An invitation has at most one answer (a later post updates it);
-- answers on a survey's public link have no invitation and no contact.
CREATE TABLE responses (
    id             bigserial PRIMARY KEY,
    survey_id      bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    invitation_id  bigint UNIQUE REFERENCES invitations (id) ON DELETE CASCADE,
    contact_id     bigint REFERENCES contacts (id) ON DELETE SET NULL,
    account_id     bigint REFERENCES accounts (id) ON DELETE SET NULL,
    score          smallint CHECK (score BETWEEN 0 AND 10),
    reason         text,
    comment        text,
    contact_ok     boolean NOT NULL DEFAULT false,
    locale         text NOT NULL DEFAULT 'ja',
    answered_at    timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responses_survey_answered ON responses (survey_id, answered_at);
CREATE INDEX responses_account_answered ON responses (account_id, answered_at);
CREATE INDEX responses_contact_answered ON responses (contact_id, answered_at);

-- Analysed terms of each comment, once per response (document frequency).
CREATE TABLE response_terms (
    response_id  bigint NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    term         text NOT NULL,
    PRIMARY KEY (response_id, term)
);
CREATE INDEX response_terms_term ON response_terms (term);

-- A low score (or any exit answer) that someone must call back about.
CREATE TABLE follow_ups (
    id           bigserial PRIMARY KEY,
    response_id  bigint NOT NULL UNIQUE REFERENCES responses (id) ON DELETE CASCADE,
    account_id   bigint REFERENCES accounts (id) ON DELETE SET NULL,
    owner_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    trigger      text NOT NULL CHECK (trigger IN ('detractor', 'low_csat', 'exit', 'score_drop')),
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'resolved', 'wont_fix')),
    due_at       timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_ups_owner_status ON follow_ups (owner_id, status, due_at);
