-- The index by user also holds the session, and the index of (user, session) is dropped: every read of
-- a user's sessions is answered from this one alone (it holds every column those reads need), and an
-- event is one index entry lighter to write, one page fewer in each commit for SQLite's single writer.
-- (PostgreSQL keeps both: there the writer's transactions run side by side.)
DROP INDEX idx_events_user_recent;
DROP INDEX idx_events_user_session;
CREATE INDEX idx_events_user_recent ON user_events (user_id, timestamp DESC, id DESC, item_id, event_type, rating, session_id);
