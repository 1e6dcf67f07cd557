-- One row per stored training run, kept when its model snapshot is pruned: the models' training
-- history (versions, durations, data sizes) that the dashboard charts.
CREATE TABLE training_runs (
    id           BIGSERIAL PRIMARY KEY,
    snapshot_id  BIGINT  NOT NULL,
    version      TEXT    NOT NULL,
    model_types  TEXT    NOT NULL,
    interactions BIGINT  NOT NULL,
    users        BIGINT  NOT NULL,
    items        BIGINT  NOT NULL,
    training_ms  BIGINT  NOT NULL,
    trained_by   TEXT    NOT NULL,
    finished_at  BIGINT  NOT NULL
);
