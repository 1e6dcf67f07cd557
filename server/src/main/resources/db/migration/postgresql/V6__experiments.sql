-- A/B experiments, shared by every instance on this database. The definition (variants with their
-- models, weights and parameters) is JSON text; times are epoch milliseconds.
CREATE TABLE experiments (
    experiment_id  TEXT   PRIMARY KEY,
    name           TEXT   NOT NULL,
    description    TEXT,
    primary_metric TEXT   NOT NULL,
    variants       TEXT   NOT NULL,
    status         TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    stopped_at     BIGINT
);
-- At most one experiment runs at a time, whichever instance starts it.
CREATE UNIQUE INDEX idx_experiments_one_running ON experiments (status) WHERE status = 'running';

-- Every instance polls this version and reloads the experiments when it moved.
INSERT INTO cluster_versions (name, version) VALUES ('experiments', 0);

-- The smallest always-valid p-value seen at any look at an experiment's results, per variant.
CREATE TABLE experiment_looks (
    experiment_id     TEXT   NOT NULL,
    variant           TEXT   NOT NULL,
    sequential_p      DOUBLE PRECISION NOT NULL,
    looked_at         BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, variant)
);

-- The experiment a served list counted for (with its variant, already a column), and when an item
-- of the list was bought (a purchase also marks it clicked, as before).
ALTER TABLE recommendation_logs ADD COLUMN experiment_id TEXT;
ALTER TABLE recommendation_logs ADD COLUMN purchased_at BIGINT;
CREATE INDEX idx_reclogs_experiment ON recommendation_logs (experiment_id, variant, user_id);
