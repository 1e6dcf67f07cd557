-- Items carry labels (categories beside the genres), a JSON array of strings.
ALTER TABLE items ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';

-- Users as entities, described by their owner: labels (a JSON array of strings) and properties
-- (a JSON object of strings, numbers and booleans). Times are epoch milliseconds.
CREATE TABLE users (
    user_id    TEXT   PRIMARY KEY,
    labels     TEXT   NOT NULL DEFAULT '[]',
    properties TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
