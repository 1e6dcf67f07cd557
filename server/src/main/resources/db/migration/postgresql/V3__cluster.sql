-- What several instances on one database share: the trainer's lease, the model store, and the
-- versions of shared state that every instance polls (the change feed).

-- One row per lease; the holder renews it, another instance takes it once it has expired.
-- Times are the database's clock, in epoch milliseconds.
CREATE TABLE cluster_leases (
    name        TEXT   PRIMARY KEY,
    holder      TEXT   NOT NULL,
    acquired_at BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Every trained model version, the models of one training run per row, in ModelCodec's format.
CREATE TABLE model_snapshots (
    id             BIGSERIAL PRIMARY KEY,
    version        TEXT    NOT NULL,
    model_types    TEXT    NOT NULL,
    format         INTEGER NOT NULL,
    checksum       TEXT    NOT NULL,
    size_bytes     BIGINT  NOT NULL,
    payload        BYTEA   NOT NULL,
    events_through BIGINT  NOT NULL,
    interactions   BIGINT  NOT NULL,
    training_ms    BIGINT  NOT NULL,
    trained_by     TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL
);

-- Counters of shared state. A writer bumps one in the transaction of its change; holding the
-- row until commit orders the versions the way the changes were committed.
CREATE TABLE cluster_versions (
    name    TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cluster_versions (name, version) VALUES ('catalog', 0);

-- The catalog version of each item's latest change: the catalog feed reads what changed after it.
ALTER TABLE items ADD COLUMN change_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX idx_items_change ON items (change_version);

-- Training runs asked for through any instance, picked up by the one that trains.
CREATE TABLE training_requests (
    id           BIGSERIAL PRIMARY KEY,
    model_types  TEXT   NOT NULL,
    requested_by TEXT   NOT NULL,
    requested_at BIGINT NOT NULL
);
