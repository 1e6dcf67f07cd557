-- Events per type of the types an operator declares (BRISK_EVENT_TYPES), as a JSON object
-- {"star": 3}; the built-in types keep their own count columns.
ALTER TABLE user_profiles ADD COLUMN declared_counts TEXT NOT NULL DEFAULT '{}';
