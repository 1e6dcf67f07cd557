-- The same list served again to the same user, unchanged, within ten minutes (a cache hit, most
-- often) is counted on the first list's row instead of a row of its own: how many times it was served
-- again, and when it was last served (NULL until it is served again).
ALTER TABLE served_lists ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE served_lists ADD COLUMN last_served_at BIGINT;
