package dev.brisk.server.store;

import dev.brisk.core.profile.UserProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code user_profiles} table: one aggregated row per user, updated with each event batch. */
public final class ProfileStore {
    private static final String COLUMNS = "user_id, total_interactions, view_count, click_count, rating_count,"
            + " purchase_count, add_to_cart_count, like_count, dislike_count, impression_count, avg_rating,"
            + " genre_scores, favorite_genres, first_interaction, last_interaction, session_count, last_session_id,"
            + " declared_counts";
    private static final int FAVORITES_STORED = 10;
    /** The event types with a count column ({@code view_count}, ...), in column order. */
    private static final List<String> TYPES = List.of("view", "click", "rating", "purchase", "add_to_cart", "like",
            "dislike", "impression");

    /** {@code declared_counts} of a user with events of built-in types only (most users). */
    private static final String NO_COUNTS = "{}";

    private final Database db;

    public ProfileStore(Database db) {
        this.db = db;
    }

    public Optional<UserProfile> find(String userId) {
        return db.withConnection(c -> Optional.ofNullable(load(c, List.of(userId)).get(userId)));
    }

    /** The stored profiles of these users; users without one are absent from the map. */
    public Map<String, UserProfile> load(Connection c, Collection<String> userIds) throws SQLException {
        Map<String, UserProfile> found = new HashMap<>();
        List<String> ids = new ArrayList<>(userIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_profiles WHERE "
                    + AnyOf.condition(c, "user_id", chunk.size()))) {
                AnyOf.bindText(c, ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UserProfile p = read(rs);
                        found.put(p.userId(), p);
                    }
                }
            }
        }
        return found;
    }

    /**
     * A stored profile with the version of its row: PostgreSQL's {@code xmin}, which every write of
     * the row changes, whoever makes it (a writer of another instance, an erasure).
     */
    public record Versioned(UserProfile profile, String version) {
    }

    /** PostgreSQL: the stored profiles of these users with their rows' versions; users without one are absent. */
    public Map<String, Versioned> loadVersioned(Connection c, Collection<String> userIds) throws SQLException {
        Map<String, Versioned> found = new HashMap<>();
        if (userIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", xmin::text FROM user_profiles"
                + " WHERE user_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", userIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UserProfile p = read(rs);
                    found.put(p.userId(), new Versioned(p, rs.getString(19)));
                }
            }
        }
        return found;
    }

    /**
     * PostgreSQL: writes each profile only over the row it was computed from: the version in
     * {@code expected}, or no row at all for a user absent from it. Returns the new version of every
     * row written. A user missing from the answer had a row of another version (or a row where none
     * was expected), and nothing was written for them; the caller then rolls the transaction back.
     */
    public Map<String, String> writeOver(Connection c, Collection<UserProfile> profiles, Map<String, String> expected,
                                         long now) throws SQLException {
        List<UserProfile> updates = new ArrayList<>();
        List<UserProfile> inserts = new ArrayList<>();
        for (UserProfile p : profiles) {
            (expected.containsKey(p.userId()) ? updates : inserts).add(p);
        }
        Map<String, String> written = new HashMap<>();
        if (!updates.isEmpty()) {
            Rows rows = Rows.of(updates);
            String[] versions = new String[rows.users.length];
            for (int k = 0; k < versions.length; k++) {
                versions[k] = expected.get(rows.users[k]);
            }
            String[] joins = joinByKeyOnly(c);
            try (PreparedStatement ps = c.prepareStatement(UPDATE_OVER)) {
                int i = bindRows(c, ps, 1, rows, now);
                ps.setArray(i, c.createArrayOf("text", versions));
                collectVersions(ps, written);
            }
            restoreJoins(c, joins);
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_NEW)) {
                bindRows(c, ps, 1, Rows.of(inserts), now);
                collectVersions(ps, written);
            }
        }
        return written;
    }

    /**
     * Makes the planner join the new rows to the table through its key, one look-up per row, until
     * {@link #restoreJoins} (or the transaction's end); returns the settings it had. Planned for the arrays' values
     * (every statement is, see {@link Database}), the update would otherwise hash every row of
     * the table to meet a few hundred of them.
     */
    private static String[] joinByKeyOnly(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('enable_hashjoin'),"
                + " current_setting('enable_mergejoin'), set_config('enable_hashjoin', 'off', true),"
                + " set_config('enable_mergejoin', 'off', true)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static void restoreJoins(Connection c, String[] settings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('enable_hashjoin', ?, true),"
                + " set_config('enable_mergejoin', ?, true)")) {
            ps.setString(1, settings[0]);
            ps.setString(2, settings[1]);
            ps.executeQuery().close();
        }
    }

    private static void collectVersions(PreparedStatement ps, Map<String, String> written) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                written.put(rs.getString(1), rs.getString(2));
            }
        }
    }

    /** The columns an upsert sets from the new row, all but the key. */
    private static final String UPDATE_ALL = " ON CONFLICT (user_id) DO UPDATE SET total_interactions = excluded.total_interactions,"
            + " view_count = excluded.view_count, click_count = excluded.click_count,"
            + " rating_count = excluded.rating_count, purchase_count = excluded.purchase_count,"
            + " add_to_cart_count = excluded.add_to_cart_count, like_count = excluded.like_count,"
            + " dislike_count = excluded.dislike_count, impression_count = excluded.impression_count,"
            + " avg_rating = excluded.avg_rating, genre_scores = excluded.genre_scores,"
            + " favorite_genres = excluded.favorite_genres, first_interaction = excluded.first_interaction,"
            + " last_interaction = excluded.last_interaction, session_count = excluded.session_count,"
            + " last_session_id = excluded.last_session_id, declared_counts = excluded.declared_counts,"
            + " updated_at = excluded.updated_at";

    /** The new rows as column arrays (bound by {@link #bindRows} after the time of the write), as a call left open. */
    private static final String ROWS = "unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
            + " ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::text[], ?::text[], ?::bigint[],"
            + " ?::bigint[], ?::bigint[], ?::text[], ?::text[]";
    private static final String ROW_NAMES = "u, n, v, c, r, p, a, l, d, i, avg, g, f, fi, li, s, ls, dc";
    /**
     * PostgreSQL: every profile in one statement of one text, its columns passed as arrays (as the
     * events' insert), so it is planned once per group instead of once per chunk of rows.
     */
    private static final String UPSERT_ARRAYS = "INSERT INTO user_profiles (" + COLUMNS + ", updated_at)"
            + " SELECT " + ROW_NAMES + ", ? FROM " + ROWS + ") AS x(" + ROW_NAMES + ")" + UPDATE_ALL;
    /** New users' rows, each only where no row is (another writer may have made one since it was looked for). */
    private static final String INSERT_NEW = "INSERT INTO user_profiles (" + COLUMNS + ", updated_at)"
            + " SELECT " + ROW_NAMES + ", ? FROM " + ROWS + ") AS x(" + ROW_NAMES + ")"
            + " ON CONFLICT (user_id) DO NOTHING RETURNING user_id, xmin::text";
    /** Known users' rows, each only over the version it was computed from (the last array). */
    private static final String UPDATE_OVER = "UPDATE user_profiles AS o SET total_interactions = x.n, view_count = x.v,"
            + " click_count = x.c, rating_count = x.r, purchase_count = x.p, add_to_cart_count = x.a, like_count = x.l,"
            + " dislike_count = x.d, impression_count = x.i, avg_rating = x.avg, genre_scores = x.g,"
            + " favorite_genres = x.f, first_interaction = x.fi, last_interaction = x.li, session_count = x.s,"
            + " last_session_id = x.ls, declared_counts = x.dc, updated_at = ?"
            + " FROM " + ROWS + ", ?::text[]) AS x(" + ROW_NAMES + ", ver)"
            + " WHERE o.user_id = x.u AND o.xmin::text = x.ver RETURNING o.user_id, o.xmin::text";

    /** Writes these profiles (one per user), inserting new users and replacing existing rows. */
    public void upsert(Connection c, Collection<UserProfile> profiles, long now) throws SQLException {
        if (profiles.isEmpty()) {
            return;
        }
        Rows rows = Rows.of(profiles);
        if (AnyOf.postgres(c)) {
            upsertArrays(c, rows, now);
            return;
        }
        String sql = "INSERT INTO user_profiles (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + UPDATE_ALL;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int k = 0; k < rows.users.length; k++) {
                int i = 1;
                ps.setString(i++, rows.users[k]);
                ps.setLong(i++, rows.totals[k]);
                for (Long[] ofType : rows.counts) {
                    ps.setLong(i++, ofType[k]);
                }
                ps.setDouble(i++, rows.ratings[k]);
                ps.setString(i++, rows.genres[k]);
                ps.setString(i++, rows.favorites[k]);
                ps.setLong(i++, rows.firsts[k]);
                ps.setLong(i++, rows.lasts[k]);
                ps.setLong(i++, rows.sessions[k]);
                ps.setString(i++, rows.lastSessions[k]);
                ps.setString(i++, rows.declared[k]);
                ps.setLong(i, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void upsertArrays(Connection c, Rows rows, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_ARRAYS)) {
            bindRows(c, ps, 1, rows, now);
            ps.executeUpdate();
        }
    }

    /** Binds the time of the write and the rows' column arrays from parameter {@code at}, as {@link #ROWS} reads them; returns the next parameter's index. */
    private static int bindRows(Connection c, PreparedStatement ps, int at, Rows rows, long now) throws SQLException {
        int i = at;
        ps.setLong(i++, now);
        ps.setArray(i++, c.createArrayOf("text", rows.users));
        ps.setArray(i++, c.createArrayOf("bigint", rows.totals));
        for (Long[] ofType : rows.counts) {
            ps.setArray(i++, c.createArrayOf("bigint", ofType));
        }
        ps.setArray(i++, c.createArrayOf("float8", rows.ratings));
        ps.setArray(i++, c.createArrayOf("text", rows.genres));
        ps.setArray(i++, c.createArrayOf("text", rows.favorites));
        ps.setArray(i++, c.createArrayOf("bigint", rows.firsts));
        ps.setArray(i++, c.createArrayOf("bigint", rows.lasts));
        ps.setArray(i++, c.createArrayOf("bigint", rows.sessions));
        ps.setArray(i++, c.createArrayOf("text", rows.lastSessions));
        ps.setArray(i++, c.createArrayOf("text", rows.declared));
        return i;
    }

    /** The stored columns of some profiles, column by column (k-th entry: k-th profile), in {@link #COLUMNS} order. */
    private record Rows(String[] users, Long[] totals, Long[][] counts, Double[] ratings, String[] genres,
                        String[] favorites, Long[] firsts, Long[] lasts, Long[] sessions, String[] lastSessions,
                        String[] declared) {
        static Rows of(Collection<UserProfile> profiles) {
            int n = profiles.size();
            Rows rows = new Rows(new String[n], new Long[n], new Long[TYPES.size()][n], new Double[n], new String[n],
                    new String[n], new Long[n], new Long[n], new Long[n], new String[n], new String[n]);
            int k = 0;
            for (UserProfile p : profiles) {
                rows.users[k] = p.userId();
                rows.totals[k] = p.totalInteractions();
                for (int t = 0; t < TYPES.size(); t++) {
                    rows.counts[t][k] = p.count(TYPES.get(t));
                }
                rows.ratings[k] = p.avgRating();
                rows.genres[k] = Json.write(p.genreScores());
                rows.favorites[k] = String.join("|", p.favoriteGenres(FAVORITES_STORED));
                rows.firsts[k] = p.firstInteraction();
                rows.lasts[k] = p.lastInteraction();
                rows.sessions[k] = p.sessionCount();
                rows.lastSessions[k] = p.lastSessionId();
                rows.declared[k] = declaredCounts(p);
                k++;
            }
            return rows;
        }
    }

    /**
     * Stored events per type over every user, summed from the profiles (each updated in the
     * transaction that stores its events): one row per user read instead of one per event.
     */
    public Map<String, Long> eventCountsByType() {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < TYPES.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("COALESCE(SUM(").append(TYPES.get(i)).append("_count), 0)");
        }
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.append(" FROM user_profiles").toString());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Long> out = new java.util.LinkedHashMap<>();
                for (int i = 0; i < TYPES.size(); i++) {
                    out.put(TYPES.get(i), rs.getLong(i + 1));
                }
                out.putAll(declaredCountsByType(c));
                return out;
            }
        });
    }

    /** The counts of declared types, summed over the users who have any. */
    private Map<String, Long> declaredCountsByType(Connection c) throws SQLException {
        String entries = db.dialect() == Dialect.POSTGRESQL
                ? "SELECT j.key, SUM(j.value::bigint) FROM user_profiles, jsonb_each_text(declared_counts::jsonb) j"
                : "SELECT j.key, SUM(j.value) FROM user_profiles, json_each(user_profiles.declared_counts) j";
        Map<String, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(entries + " WHERE declared_counts <> '{}' GROUP BY j.key");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** A profile's counts of the types without a column of their own (the declared ones), as stored. */
    private static String declaredCounts(UserProfile p) {
        if (TYPES.containsAll(p.countsByType().keySet())) {
            return NO_COUNTS;
        }
        Map<String, Long> declared = new java.util.TreeMap<>(p.countsByType());
        declared.keySet().removeAll(TYPES);
        return Json.write(declared);
    }

    public long count() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM user_profiles");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** User ids starting with a prefix, for search boxes; at most {@code limit}: the id itself first, then the most active. */
    public List<String> searchUserIds(String prefix, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM user_profiles WHERE user_id LIKE ? ESCAPE '\\'"
                    + " ORDER BY CASE WHEN user_id = ? THEN 0 ELSE 1 END, total_interactions DESC, user_id LIMIT ?")) {
                ps.setString(1, Like.escape(prefix) + "%");
                ps.setString(2, prefix);
                ps.setInt(3, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private static UserProfile read(ResultSet rs) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < TYPES.size(); i++) {
            long n = rs.getLong(3 + i);
            if (n > 0) {
                counts.put(TYPES.get(i), n);
            }
        }
        String declared = rs.getString(18);
        if (!NO_COUNTS.equals(declared)) {
            Json.read(declared, Json.MAP_TYPE).forEach((type, n) -> counts.put(type, ((Number) n).longValue()));
        }
        long ratingCount = rs.getLong(5);
        return new UserProfile(rs.getString(1), rs.getLong(2), counts, rs.getDouble(11), ratingCount,
                Json.readDoubleMap(rs.getString(12)), rs.getLong(14), rs.getLong(15), rs.getLong(16), rs.getString(17));
    }
}
