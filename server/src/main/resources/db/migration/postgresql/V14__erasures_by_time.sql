-- Served lists are written a while after they are served; the log writer drops those of users erased
-- since, reading the erasures of that time by this index rather than the whole table.
CREATE INDEX idx_erasures_at ON erasures (at);
