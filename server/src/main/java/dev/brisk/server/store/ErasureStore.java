package dev.brisk.server.store;

import dev.brisk.core.event.Event;
import dev.brisk.core.profile.UserProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Erasing a user or one event (the right to be forgotten): the rows go in one transaction, which
 * also records the erasure in {@code erasures} for the trainer, whichever instance made it.
 */
public final class ErasureStore {
    private final Database db;
    private final ProfileStore profiles;

    public ErasureStore(Database db, ProfileStore profiles) {
        this.db = db;
        this.profiles = profiles;
    }

    /** Deletes every row about the user; returns how many of each kind went, in a stable order. */
    public Map<String, Integer> eraseUser(String userId, long at) {
        return db.inTransaction(c -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("events", delete(c, "DELETE FROM user_events WHERE user_id = ?", userId));
            counts.put("profiles", delete(c, "DELETE FROM user_profiles WHERE user_id = ?", userId));
            counts.put("recommendation_logs", RecommendationLogStore.deleteOfUser(c, userId));
            counts.put("users", UserStore.delete(c, userId));
            record(c, userId, null, at);
            return counts;
        });
    }

    /**
     * Deletes one event and rebuilds its user's profile from the events left ({@code rebuild}
     * folds them, oldest first; an empty history deletes the profile). Returns the event's user,
     * empty when no event has that id.
     */
    public Optional<String> eraseEvent(String eventId, long at, Function<List<Event>, UserProfile> rebuild) {
        return db.inTransaction(c -> {
            String userId;
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM user_events WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<String>empty();
                    }
                    userId = rs.getString(1);
                }
            }
            delete(c, "DELETE FROM user_events WHERE event_id = ?", eventId);
            List<Event> left = eventsOf(c, userId);
            if (left.isEmpty()) {
                delete(c, "DELETE FROM user_profiles WHERE user_id = ?", userId);
            } else {
                profiles.upsert(c, List.of(rebuild.apply(left)), at);
            }
            record(c, null, eventId, at);
            return Optional.of(userId);
        });
    }

    private static List<Event> eventsOf(Connection c, String userId) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ActivityStore.COLUMNS
                + " FROM user_events WHERE user_id = ? ORDER BY timestamp, id")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(ActivityStore.read(rs).event());
                }
            }
        }
        return events;
    }

    private static int delete(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    private static void record(Connection c, String userId, String eventId, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO erasures (user_id, event_id, at) VALUES (?, ?, ?)")) {
            ps.setString(1, userId);
            ps.setString(2, eventId);
            ps.setLong(3, at);
            ps.executeUpdate();
        }
    }
}
