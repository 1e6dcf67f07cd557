-- The application's own free-form object sent with an event (JSON text), returned with it in activity.
ALTER TABLE user_events ADD COLUMN metadata TEXT;
-- An item's activity, newest first, as the user's is read through idx_events_user_time.
CREATE INDEX idx_events_item_time ON user_events (item_id, timestamp DESC, id DESC);
