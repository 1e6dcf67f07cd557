package dev.brisk.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code recommendation_logs} table: every served list, item by item, and what was clicked. */
public final class RecommendationLogStore {
    /** Lists or (user, item) pairs per candidate query: well under both databases' parameter limits. */
    private static final int CHUNK = 400;

    private final Database db;

    public RecommendationLogStore(Database db) {
        this.db = db;
    }

    public void insert(List<ServedItem> rows) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation_logs (request_id, user_id,"
                    + " item_id, position, model_type, model_version, score, explanation, served_at, was_clicked, variant,"
                    + " experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ServedItem row : rows) {
                    ps.setString(1, row.requestId());
                    ps.setString(2, row.userId());
                    ps.setString(3, row.itemId());
                    ps.setInt(4, row.position());
                    ps.setString(5, row.modelType());
                    ps.setString(6, row.modelVersion());
                    ps.setDouble(7, row.score());
                    ps.setString(8, row.explanation());
                    ps.setLong(9, row.servedAt());
                    ps.setBoolean(10, false);
                    ps.setString(11, row.variant());
                    ps.setString(12, row.experimentId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * A click or purchase to attribute: to the list it names ({@code requestId}), or else to the
     * latest list that served {@code itemId} to {@code userId} between {@code from} and {@code to}.
     */
    public record Click(String requestId, String userId, String itemId, long from, long to, long at, boolean purchase) {
    }

    /**
     * Marks the served items these clicks and purchases came from, in two statements whatever their
     * number: one read of the candidate rows, one batch of updates by row id. A click naming a list
     * keeps the time of the first click on that item (a purchase also marks it bought); a click naming
     * none marks the latest list that served the item to the user in its window, unless that one was
     * clicked already; a purchase naming none marks the latest such list not yet bought. Returns how
     * many named a list that did not hold their item.
     */
    public Attribution attribute(Connection c, List<Click> clicks) throws SQLException {
        if (clicks.isEmpty()) {
            return new Attribution(0, List.of());
        }
        Map<String, Candidate> byListItem = new HashMap<>();
        Map<String, List<Candidate>> byUserItem = new HashMap<>();
        readCandidates(c, clicks, byListItem, byUserItem);
        Map<Long, long[]> marks = new LinkedHashMap<>(); // row id -> {click time, purchase time or -1}
        Set<Long> clicked = new HashSet<>();
        Set<Long> bought = new HashSet<>();
        int unattributed = 0;
        List<Click> unknownLists = new ArrayList<>();
        Set<String> knownLists = new HashSet<>();
        byListItem.keySet().forEach(key -> knownLists.add(key.substring(0, key.indexOf('\u0000'))));
        for (Click click : clicks) {
            Candidate row;
            if (click.requestId() != null) {
                row = byListItem.get(click.requestId() + '\u0000' + click.itemId());
                if (row == null) {
                    if (knownLists.contains(click.requestId())) {
                        unattributed++;
                    } else {
                        unknownLists.add(click);
                    }
                    continue;
                }
            } else {
                row = latest(byUserItem.getOrDefault(click.userId() + '\u0000' + click.itemId(), List.of()), click,
                        click.purchase() ? bought : null);
                if (row == null || (!click.purchase() && (row.clicked() || clicked.contains(row.id())))) {
                    continue;
                }
            }
            boolean newClick = !row.clicked() && clicked.add(row.id());
            boolean newPurchase = click.purchase() && !row.purchased() && bought.add(row.id());
            if (newClick || newPurchase) {
                long[] mark = marks.computeIfAbsent(row.id(), id -> new long[] {click.at(), -1});
                if (newPurchase) {
                    mark[1] = click.at();
                }
            }
        }
        if (!marks.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation_logs SET was_clicked = ?,"
                    + " clicked_at = COALESCE(clicked_at, ?), purchased_at = COALESCE(purchased_at, ?) WHERE id = ?")) {
                for (Map.Entry<Long, long[]> mark : marks.entrySet()) {
                    ps.setBoolean(1, true);
                    ps.setLong(2, mark.getValue()[0]);
                    if (mark.getValue()[1] < 0) {
                        ps.setNull(3, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(3, mark.getValue()[1]);
                    }
                    ps.setLong(4, mark.getKey());
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
    private static Candidate latest(List<Candidate> rows, Click click, Set<Long> bought) {
        Candidate latest = null;
        for (Candidate row : rows) {
            if (row.servedAt() < click.from() || row.servedAt() > click.to()) {
                continue;
            }
            if (bought != null && (row.purchased() || bought.contains(row.id()))) {
                continue;
            }
            if (latest == null || row.servedAt() > latest.servedAt()
                    || (row.servedAt() == latest.servedAt() && row.id() > latest.id())) {
                latest = row;
            }
        }
        return latest;
    }

    private record Candidate(long id, long servedAt, boolean clicked, boolean purchased) {
    }

    private static void readCandidates(Connection c, List<Click> clicks, Map<String, Candidate> byListItem,
                                       Map<String, List<Candidate>> byUserItem) throws SQLException {
        List<String> lists = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        long from = Long.MAX_VALUE;
        for (Click click : clicks) {
            if (click.requestId() != null) {
                lists.add(click.requestId());
            } else {
                pairs.add(new String[] {click.userId(), click.itemId()});
                from = Math.min(from, click.from());
            }
        }
        for (int start = 0; start < lists.size(); start += CHUNK) {
            List<String> chunk = lists.subList(start, Math.min(lists.size(), start + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, request_id, item_id, served_at, was_clicked,"
                    + " purchased_at IS NOT NULL"
                    + " FROM recommendation_logs WHERE request_id IN (" + EventLog.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byListItem.put(rs.getString(2) + '\u0000' + rs.getString(3),
                                new Candidate(rs.getLong(1), rs.getLong(4), rs.getBoolean(5), rs.getBoolean(6)));
                    }
                }
            }
        }
        for (int start = 0; start < pairs.size(); start += CHUNK) {
            List<String[]> chunk = pairs.subList(start, Math.min(pairs.size(), start + CHUNK));
            String rows = String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)"));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, item_id, served_at, was_clicked,"
                    + " purchased_at IS NOT NULL"
                    + " FROM recommendation_logs WHERE (user_id, item_id) IN (" + rows + ") AND served_at >= ?")) {
                int p = 1;
                for (String[] pair : chunk) {
                    ps.setString(p++, pair[0]);
                    ps.setString(p++, pair[1]);
                }
                ps.setLong(p, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byUserItem.computeIfAbsent(rs.getString(2) + '\u0000' + rs.getString(3), k -> new ArrayList<>())
                                .add(new Candidate(rs.getLong(1), rs.getLong(4), rs.getBoolean(5), rs.getBoolean(6)));
                    }
                }
            }
        }
    }

    /**
     * Deletes up to {@code limit} served-list rows older than {@code before}, oldest first, except
     * those of experiments (their results are kept); how many were deleted.
     */
    public int deleteOlderThan(long before, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM recommendation_logs WHERE id IN (SELECT id"
                    + " FROM recommendation_logs WHERE served_at < ? AND experiment_id IS NULL ORDER BY served_at LIMIT ?)")) {
                ps.setLong(1, before);
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }

    /** The rows of one served list, in position order. */
    public List<ServedRow> list(String requestId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT item_id, position, model_type, was_clicked, clicked_at"
                    + " FROM recommendation_logs WHERE request_id = ? ORDER BY position")) {
                ps.setString(1, requestId);
                List<ServedRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long clickedAt = rs.getLong(5);
                        out.add(new ServedRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4),
                                rs.wasNull() ? null : clickedAt));
                    }
                }
                return out;
            }
        });
    }

    /** A served item and whether it was clicked. */
    public record ServedRow(String itemId, int position, String modelType, boolean clicked, Long clickedAt) {
    }

    /** Per model since a time: lists served, items shown, items clicked. */
    public List<ModelClicks> clicksByModel(long since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT model_type, COUNT(DISTINCT request_id), COUNT(*),"
                    + " SUM(CASE WHEN was_clicked THEN 1 ELSE 0 END) FROM recommendation_logs WHERE served_at >= ?"
                    + " GROUP BY model_type ORDER BY model_type")) {
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
