package dev.brisk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The served-list log: {@code served_lists}, one row per list with its item ids in one text, and
 * {@code served_list_clicks}, a row per item that was clicked or bought.
 */
public final class RecommendationLogStore {
    /** Lists or users per candidate query: well under both databases' parameter limits. */
    private static final int CHUNK = 400;

    private final Database db;

    public RecommendationLogStore(Database db) {
        this.db = db;
    }

    /**
     * Stores these lists, except those served to a user who was erased since (on any instance): a list
     * waits in its instance's queue for a while before it is written, and must not outlive the erasure.
     */
    public void insert(List<LoggedList> lists) {
        db.inTransaction(c -> {
            Map<String, Long> erased = erasedSince(c, lists);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO served_lists (request_id, user_id, model_type,"
                    + " model_version, first_position, item_count, items, served_at, experiment_id, variant)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING")) {
                for (LoggedList list : lists) {
                    Long erasedAt = erased.get(list.userId());
                    if (erasedAt != null && erasedAt >= list.servedAt()) {
                        continue;
                    }
                    ps.setString(1, list.requestId());
                    ps.setString(2, list.userId());
                    ps.setString(3, list.modelType());
                    ps.setString(4, list.modelVersion());
                    ps.setInt(5, list.firstPosition());
                    ps.setInt(6, list.itemCount());
                    ps.setString(7, list.items());
                    ps.setLong(8, list.servedAt());
                    ps.setString(9, list.experimentId());
                    ps.setString(10, list.variant());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Repeats of one stored list: how many, and when the last was served. */
    public record Repeats(String requestId, int count, long lastServedAt) {
    }

    /**
     * Adds repeats to their lists' rows, in one transaction; per list, whether its row was there
     * (it may have been erased or pruned meanwhile).
     */
    public boolean[] addRepeats(List<Repeats> repeats) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE served_lists SET repeats = repeats + ?,"
                    + " last_served_at = ? WHERE request_id = ?")) {
                for (Repeats r : repeats) {
                    ps.setInt(1, r.count());
                    ps.setLong(2, r.lastServedAt());
                    ps.setString(3, r.requestId());
                    ps.addBatch();
                }
                int[] updated = ps.executeBatch();
                boolean[] found = new boolean[repeats.size()];
                for (int i = 0; i < found.length; i++) {
                    found[i] = i >= updated.length || updated[i] != 0;
                }
                return found;
            }
        });
    }

    /** The users erased at or after the first of these lists was served, with the time of their last erasure. */
    private static Map<String, Long> erasedSince(Connection c, List<LoggedList> lists) throws SQLException {
        long first = Long.MAX_VALUE;
        for (LoggedList list : lists) {
            first = Math.min(first, list.servedAt());
        }
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, MAX(at) FROM erasures WHERE at >= ?"
                + " AND user_id IS NOT NULL AND event_id IS NULL GROUP BY user_id")) {
            ps.setLong(1, first);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /**
     * A click or purchase to attribute: to the list it names ({@code requestId}), or else to the
     * latest list that served {@code itemId} to {@code userId} between {@code from} and {@code to}.
     */
    public record Click(String requestId, String userId, String itemId, long from, long to, long at, boolean purchase) {
    }

    /**
     * Marks the served items these clicks and purchases came from, in a few statements whatever
     * their number: one read of the candidate lists, one of their marks, one batch of upserts. A
     * click naming a list keeps the time of the first click on that item (a purchase also marks it
     * bought); a click naming none marks the latest list that served the item to the user in its
     * window, unless that one was clicked already; a purchase naming none marks the latest such list
     * not yet bought. Returns how many named a list that did not hold their item.
     */
    public Attribution attribute(Connection c, List<Click> clicks) throws SQLException {
        if (clicks.isEmpty()) {
            return new Attribution(0, List.of());
        }
        Candidates found = readCandidates(c, clicks);
        Map<Slot, long[]> marks = new LinkedHashMap<>(); // slot -> {click time, purchase time or -1}
        Set<Slot> clicked = new HashSet<>();
        Set<Slot> bought = new HashSet<>();
        int unattributed = 0;
        List<Click> unknownLists = new ArrayList<>();
        for (Click click : clicks) {
            Candidate row;
            if (click.requestId() != null) {
                String list = LoggedList.originOf(click.requestId());
                row = found.byListItem.get(list + '\u0000' + click.itemId());
                if (row == null) {
                    if (found.knownLists.contains(list)) {
                        unattributed++;
                    } else {
                        unknownLists.add(click);
                    }
                    continue;
                }
            } else {
                row = latest(found.byUserItem.getOrDefault(click.userId() + '\u0000' + click.itemId(), List.of()), click,
                        click.purchase() ? bought : null);
                if (row == null || (!click.purchase() && (row.clicked() || clicked.contains(row.slot())))) {
                    continue;
                }
            }
            boolean newClick = !row.clicked() && clicked.add(row.slot());
            boolean newPurchase = click.purchase() && !row.purchased() && bought.add(row.slot());
            if (newClick || newPurchase) {
                long[] mark = marks.computeIfAbsent(row.slot(), id -> new long[] {click.at(), -1});
                if (newPurchase) {
                    mark[1] = click.at();
                }
            }
        }
        if (!marks.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO served_list_clicks (list_id, position, clicked_at,"
                    + " purchased_at) VALUES (?, ?, ?, ?) ON CONFLICT (list_id, position) DO UPDATE SET"
                    + " clicked_at = served_list_clicks.clicked_at,"
                    + " purchased_at = COALESCE(served_list_clicks.purchased_at, excluded.purchased_at)")) {
                for (Map.Entry<Slot, long[]> mark : marks.entrySet()) {
                    ps.setLong(1, mark.getKey().listId());
                    ps.setInt(2, mark.getKey().position());
                    ps.setLong(3, mark.getValue()[0]);
                    if (mark.getValue()[1] < 0) {
                        ps.setNull(4, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(4, mark.getValue()[1]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return new Attribution(unattributed, unknownLists);
    }

    /**
     * What an attribution found: clicks naming a list that does not hold their item, and clicks
     * naming a list not (yet) logged at all — another instance may not have stored it yet.
     */
    public record Attribution(int unattributed, List<Click> unknownLists) {
    }

    /** The latest candidate in the click's window; for a purchase, the latest not bought yet ({@code bought} this group). */
    private static Candidate latest(List<Candidate> rows, Click click, Set<Slot> bought) {
        Candidate latest = null;
        for (Candidate row : rows) {
            // Served (first or again) within the window.
            if (row.lastServedAt() < click.from() || row.servedAt() > click.to()) {
                continue;
            }
            if (bought != null && (row.purchased() || bought.contains(row.slot()))) {
                continue;
            }
            if (latest == null || row.lastServedAt() > latest.lastServedAt()
                    || (row.lastServedAt() == latest.lastServedAt() && row.slot().listId() > latest.slot().listId())) {
                latest = row;
            }
        }
        return latest;
    }

    /** One item's place: its list and its position there. */
    private record Slot(long listId, int position) {
    }

    /** A served item: its place, when its list was first and last served, and whether it was clicked and bought. */
    private record Candidate(Slot slot, long servedAt, long lastServedAt, boolean clicked, boolean purchased) {
    }

    /** The served items the clicks may name, by list and item and by user and item, and the lists found. */
    private static final class Candidates {
        final Map<String, Candidate> byListItem = new HashMap<>();
        final Map<String, List<Candidate>> byUserItem = new HashMap<>();
        final Set<String> knownLists = new HashSet<>();
    }

    /** A logged list as read back: its row id, owner, first position, items and when it was first and last served. */
    private record Row(long id, String requestId, String userId, String modelType, int firstPosition, String[] items,
                       long servedAt, long lastServedAt) {
    }

    private static Candidates readCandidates(Connection c, List<Click> clicks) throws SQLException {
        Set<String> lists = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        long from = Long.MAX_VALUE;
        for (Click click : clicks) {
            if (click.requestId() != null) {
                lists.add(LoggedList.originOf(click.requestId()));
            } else {
                users.add(click.userId());
                from = Math.min(from, click.from());
            }
        }
        List<Row> named = readLists(c, "request_id", new ArrayList<>(lists), Long.MIN_VALUE);
        // A list first served up to the repeat span before the earliest window may have been served again within it.
        List<Row> ofUsers = readLists(c, "user_id", new ArrayList<>(users),
                from == Long.MAX_VALUE ? from : from - LoggedList.REPEAT_SPAN_MILLIS);
        Map<Long, Map<Integer, Boolean>> marks = readMarks(c, named, ofUsers);
        Candidates out = new Candidates();
        for (Row row : named) {
            out.knownLists.add(row.requestId());
            forEachItem(row, marks, (item, candidate) ->
                    out.byListItem.putIfAbsent(row.requestId() + '\u0000' + item, candidate));
        }
        for (Row row : ofUsers) {
            forEachItem(row, marks, (item, candidate) ->
                    out.byUserItem.computeIfAbsent(row.userId() + '\u0000' + item, k -> new ArrayList<>()).add(candidate));
        }
        return out;
    }

    private static void forEachItem(Row row, Map<Long, Map<Integer, Boolean>> marks,
                                    java.util.function.BiConsumer<String, Candidate> into) {
        Map<Integer, Boolean> listMarks = marks.getOrDefault(row.id(), Map.of());
        for (int i = 0; i < row.items().length; i++) {
            int position = row.firstPosition() + i;
            Boolean purchased = listMarks.get(position);
            into.accept(row.items()[i], new Candidate(new Slot(row.id(), position), row.servedAt(), row.lastServedAt(),
                    purchased != null,
                    Boolean.TRUE.equals(purchased)));
        }
    }

    /** The lists whose {@code column} is one of {@code keys}, served at {@code from} or later. */
    private static List<Row> readLists(Connection c, String column, List<String> keys, long from) throws SQLException {
        List<Row> out = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += CHUNK) {
            List<String> chunk = keys.subList(start, Math.min(keys.size(), start + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, request_id, user_id, model_type, first_position,"
                    + " items, served_at, COALESCE(last_served_at, served_at) FROM served_lists WHERE " + AnyOf.condition(c, column, chunk.size())
                    + " AND served_at >= ?")) {
                ps.setLong(AnyOf.bindText(c, ps, 1, chunk), from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                                split(rs.getString(6)), rs.getLong(7), rs.getLong(8)));
                    }
                }
            }
        }
        return out;
    }

    /** Per list, its marked positions: clicked (present) and whether bought. */
    private static Map<Long, Map<Integer, Boolean>> readMarks(Connection c, List<Row> named, List<Row> ofUsers)
            throws SQLException {
        Set<Long> ids = new LinkedHashSet<>();
        named.forEach(row -> ids.add(row.id()));
        ofUsers.forEach(row -> ids.add(row.id()));
        List<Long> all = new ArrayList<>(ids);
        Map<Long, Map<Integer, Boolean>> out = new HashMap<>();
        for (int start = 0; start < all.size(); start += CHUNK) {
            List<Long> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT list_id, position, purchased_at IS NOT NULL"
                    + " FROM served_list_clicks WHERE " + AnyOf.condition(c, "list_id", chunk.size()))) {
                AnyOf.bindLongs(c, ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getInt(2), rs.getBoolean(3));
                    }
                }
            }
        }
        return out;
    }

    private static String[] split(String items) {
        return items.isEmpty() ? new String[0] : items.split(String.valueOf(LoggedList.SEPARATOR), -1);
    }

    /**
     * Deletes up to {@code limit} served lists older than {@code before}, oldest first, with their
     * clicks, except those of experiments (their results are kept); how many were deleted.
     */
    public int deleteOlderThan(long before, int limit) {
        return db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM served_lists WHERE served_at < ?"
                    + " AND experiment_id IS NULL ORDER BY served_at LIMIT ?")) {
                ps.setLong(1, before);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            deleteLists(c, ids);
            return ids.size();
        });
    }

    /** Deletes every list served to this user, with its clicks; how many lists. */
    public static int deleteOfUser(Connection c, String userId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM served_lists WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        deleteLists(c, ids);
        return ids.size();
    }

    private record Keyed(String table, String column) {
    }

    private static void deleteLists(Connection c, List<Long> ids) throws SQLException {
        for (int start = 0; start < ids.size(); start += CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            for (Keyed table : List.of(new Keyed("served_list_clicks", "list_id"), new Keyed("served_lists", "id"))) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.table() + " WHERE "
                        + AnyOf.condition(c, table.column(), chunk.size()))) {
                    AnyOf.bindLongs(c, ps, 1, chunk);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** The items of one served list, in position order, with their clicks. */
    public List<ServedRow> list(String requestId) {
        return db.withConnection(c -> {
            Row row = readLists(c, "request_id", List.of(LoggedList.originOf(requestId)), Long.MIN_VALUE).stream().findFirst().orElse(null);
            if (row == null) {
                return List.<ServedRow>of();
            }
            Map<Integer, Long> clickedAt = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT position, clicked_at FROM served_list_clicks WHERE list_id = ?")) {
                ps.setLong(1, row.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        clickedAt.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
            List<ServedRow> out = new ArrayList<>();
            for (int i = 0; i < row.items().length; i++) {
                int position = row.firstPosition() + i;
                Long at = clickedAt.get(position);
                out.add(new ServedRow(row.items()[i], position, row.modelType(), at != null, at));
            }
            return out;
        });
    }

    /** A served item and whether it was clicked. */
    public record ServedRow(String itemId, int position, String modelType, boolean clicked, Long clickedAt) {
    }

    /** Per model since a time: lists served, items shown, items clicked. */
    public List<ModelClicks> clicksByModel(long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.model_type, SUM(1 + l.repeats), SUM(l.item_count * (1 + l.repeats)),"
                    + " SUM((SELECT COUNT(*) FROM served_list_clicks k WHERE k.list_id = l.id))"
                    + " FROM served_lists l WHERE l.served_at >= ? GROUP BY l.model_type ORDER BY l.model_type")) {
                ps.setLong(1, since);
                List<ModelClicks> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ModelClicks(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    /** Click-through figures of one model. */
    public record ModelClicks(String model, long lists, long itemsServed, long clicks) {
        public double clickThroughRate() {
            return itemsServed == 0 ? 0.0 : (double) clicks / itemsServed;
        }
    }
}
