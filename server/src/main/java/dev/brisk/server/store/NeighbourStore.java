package dev.brisk.server.store;

import dev.brisk.core.event.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of {@code user_events} about other users than the one asked about: the users who
 * recently touched some items (the candidates for "users like this one") and their histories.
 */
public final class NeighbourStore {
    private final Database db;

    public NeighbourStore(Database db) {
        this.db = db;
    }

    /** Up to {@code limit} users other than {@code except} with an event on one of the items, latest first. */
    public List<String> usersOf(Collection<String> itemIds, String except, int limit) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT user_id, MAX(timestamp) AS latest FROM user_events WHERE item_id IN ("
                + placeholders(itemIds.size()) + ") AND user_id <> ? GROUP BY user_id ORDER BY latest DESC, user_id"
                + " LIMIT ?";
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String item : itemIds) {
                    ps.setString(i++, item);
                }
                ps.setString(i++, except);
                ps.setInt(i, limit);
                List<String> users = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.add(rs.getString(1));
                    }
                }
                return users;
            }
        });
    }

    /** Each user's latest {@code limit} events, newest first, in one query. */
    public Map<String, List<Event>> recentHistories(Collection<String> userIds, int limit) {
        Map<String, List<Event>> out = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT " + ActivityStore.COLUMNS + " FROM user_events WHERE user_id IN ("
                + placeholders(userIds.size()) + ") ORDER BY user_id, timestamp DESC, id DESC";
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String user : userIds) {
                    ps.setString(i++, user);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Event e = ActivityStore.read(rs).event();
                        List<Event> history = out.computeIfAbsent(e.userId(), u -> new ArrayList<>());
                        if (history.size() < limit) {
                            history.add(e);
                        }
                    }
                }
            }
            return out;
        });
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
