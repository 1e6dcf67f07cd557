-- Access control and the right to be forgotten.

-- API keys: only a SHA-256 hash of each secret is stored; the secret is shown once, at creation.
-- A revoked key keeps its row (revoked_at set) so that the listing shows what was revoked and when.
CREATE TABLE api_keys (
    id         TEXT   PRIMARY KEY,
    name       TEXT   NOT NULL,
    role       TEXT   NOT NULL,
    key_hash   TEXT   NOT NULL UNIQUE,
    key_prefix TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- Every erasure, made through any instance: the trainer reads them by id and forgets what they name
-- (a whole user, or one event) before its next run. Holds only the id that was erased.
CREATE TABLE erasures (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id  TEXT,
    event_id TEXT,
    at       BIGINT NOT NULL
);
