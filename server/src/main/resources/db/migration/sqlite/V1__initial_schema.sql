-- Times are epoch milliseconds in every table, on both dialects.
CREATE TABLE items (
    item_id     TEXT PRIMARY KEY,
    title       TEXT    NOT NULL,
    genres      TEXT    NOT NULL DEFAULT '',
    properties  TEXT    NOT NULL DEFAULT '{}',
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT 1
);
CREATE INDEX idx_items_created ON items (created_at DESC);

CREATE TABLE user_events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id          TEXT   NOT NULL UNIQUE,
    user_id           TEXT   NOT NULL,
    item_id           TEXT   NOT NULL,
    event_type        TEXT   NOT NULL,
    rating            REAL,
    timestamp         BIGINT NOT NULL,
    received_at       BIGINT NOT NULL,
    session_id        TEXT,
    source            TEXT,
    recommendation_id TEXT
);
CREATE INDEX idx_events_user_time ON user_events (user_id, timestamp DESC, id DESC);
CREATE INDEX idx_events_user_session ON user_events (user_id, session_id);
CREATE INDEX idx_events_time ON user_events (timestamp);

CREATE TABLE user_profiles (
    user_id            TEXT PRIMARY KEY,
    total_interactions BIGINT NOT NULL,
    view_count         BIGINT NOT NULL DEFAULT 0,
    click_count        BIGINT NOT NULL DEFAULT 0,
    rating_count       BIGINT NOT NULL DEFAULT 0,
    purchase_count     BIGINT NOT NULL DEFAULT 0,
    add_to_cart_count  BIGINT NOT NULL DEFAULT 0,
    like_count         BIGINT NOT NULL DEFAULT 0,
    dislike_count      BIGINT NOT NULL DEFAULT 0,
    impression_count   BIGINT NOT NULL DEFAULT 0,
    avg_rating         REAL   NOT NULL DEFAULT 0,
    genre_scores       TEXT   NOT NULL DEFAULT '{}',
    favorite_genres    TEXT   NOT NULL DEFAULT '',
    first_interaction  BIGINT NOT NULL,
    last_interaction   BIGINT NOT NULL,
    session_count      BIGINT NOT NULL DEFAULT 0,
    last_session_id    TEXT,
    updated_at         BIGINT NOT NULL
);

CREATE TABLE recommendation_logs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id    TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    item_id       TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    model_type    TEXT    NOT NULL,
    model_version TEXT    NOT NULL,
    score         REAL    NOT NULL,
    explanation   TEXT,
    served_at     BIGINT  NOT NULL,
    was_clicked   BOOLEAN NOT NULL DEFAULT 0,
    clicked_at    BIGINT,
    variant       TEXT
);
CREATE INDEX idx_reclogs_request ON recommendation_logs (request_id, item_id);
CREATE INDEX idx_reclogs_user_item ON recommendation_logs (user_id, item_id, served_at);
CREATE INDEX idx_reclogs_served ON recommendation_logs (served_at);

CREATE TABLE system_metrics (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    metric_name  TEXT   NOT NULL,
    metric_value REAL   NOT NULL,
    timestamp    BIGINT NOT NULL,
    source       TEXT   NOT NULL
);
CREATE INDEX idx_metrics_name_time ON system_metrics (metric_name, timestamp);
