package dev.brisk.server.store;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Validated;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code items} table: the catalog. Genres are stored '|'-separated, labels and properties as
 * JSON. Every change takes the next catalog version, which is how other instances learn of it.
 */
public final class ItemStore {
    private static final String COLUMNS = "item_id, title, genres, properties, created_at, active, labels";

    private final Database db;

    public ItemStore(Database db) {
        this.db = db;
    }

    /** Inserts or replaces items in one transaction; created_at of an existing item is kept. */
    public void upsert(List<Item> items) {
        long now = System.currentTimeMillis();
        db.inTransaction(c -> {
            upsert(c, items, now);
            return null;
        });
    }

    void upsert(Connection c, List<Item> items, long now) throws SQLException {
        long version = nextCatalogVersion(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (" + COLUMNS + ", updated_at, change_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET title = excluded.title,"
                + " genres = excluded.genres, properties = excluded.properties, active = excluded.active,"
                + " labels = excluded.labels,"
                + " updated_at = excluded.updated_at, change_version = excluded.change_version")) {
            int pending = 0;
            for (Item item : items) {
                ps.setString(1, item.itemId());
                ps.setString(2, item.title());
                ps.setString(3, String.join("|", item.genres()));
                ps.setString(4, Json.write(item.properties()));
                ps.setLong(5, item.createdAt() > 0 ? item.createdAt() : now);
                ps.setBoolean(6, item.active());
                ps.setString(7, Json.write(item.labels()));
                ps.setLong(8, now);
                ps.setLong(9, version);
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /**
     * Changes one item in one transaction: its row is read (and locked), {@code change} makes the
     * new item from it, and a valid result is stored under a new catalog version. Empty when there
     * is no such item; an invalid result is returned as it is and nothing is stored.
     */
    public Optional<Validated<Item>> update(String itemId, Function<Item, Validated<Item>> change) {
        return db.inTransaction(c -> {
            Item current;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM items WHERE item_id = ?"
                    + db.dialect().forUpdate())) {
                ps.setString(1, itemId);
                current = readAll(ps).stream().findFirst().orElse(null);
            }
            if (current == null) {
                return Optional.empty();
            }
            Validated<Item> changed = change.apply(current);
            if (changed.isValid()) {
                upsert(c, List.of(changed.value().withCreatedAt(current.createdAt())), System.currentTimeMillis());
            }
            return Optional.of(changed);
        });
    }

    public Optional<Item> find(String itemId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM items WHERE item_id = ?")) {
                ps.setString(1, itemId);
                List<Item> found = readAll(ps);
                return found.stream().findFirst();
            }
        });
    }

    /** Every item, active or not: the source of the in-memory catalog. */
    public List<Item> all() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM items")) {
                return readAll(ps);
            }
        });
    }

    /** Marks an item inactive; returns false when there is no such item. */
    public boolean deactivate(String itemId) {
        return db.inTransaction(c -> {
            long version = nextCatalogVersion(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE items SET active = ?, updated_at = ?, change_version = ? WHERE item_id = ?")) {
                ps.setBoolean(1, false);
                ps.setLong(2, System.currentTimeMillis());
                ps.setLong(3, version);
                ps.setString(4, itemId);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                return true;
            }
        });
    }

    /**
     * Takes the next catalog version for a change in this transaction. The counter's row stays
     * locked until the transaction ends, so versions become visible in the order they were taken
     * and a reader that has seen version v has seen every change up to v.
     */
    private static long nextCatalogVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cluster_versions SET version = version + 1 WHERE name = 'catalog' RETURNING version");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The catalog's version: it grows with every committed change. */
    public long catalogVersion() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM cluster_versions WHERE name = 'catalog'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The items changed after catalog version {@code version}, active or not. */
    public List<Item> changedSince(long version) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM items WHERE change_version > ?")) {
                ps.setLong(1, version);
                return readAll(ps);
            }
        });
    }

    /**
     * A page of the catalog in item id order, active items or not: those after {@code afterId}
     * (null for the first page) whose id starts with {@code query} or whose title contains it
     * (ignoring case; empty for all).
     */
    public List<Item> page(String afterId, String query, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM items WHERE item_id > ?"
                    + " AND (item_id LIKE ? ESCAPE '\\' OR LOWER(title) LIKE ? ESCAPE '\\') ORDER BY item_id LIMIT ?")) {
                String escaped = Like.escape(query);
                ps.setString(1, afterId == null ? "" : afterId);
                ps.setString(2, escaped + "%");
                ps.setString(3, "%" + escaped.toLowerCase(java.util.Locale.ROOT) + "%");
                ps.setInt(4, limit);
                return readAll(ps);
            }
        });
    }

    public long count() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM items WHERE active = ?")) {
                ps.setBoolean(1, true);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static List<Item> readAll(PreparedStatement ps) throws SQLException {
        List<Item> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String genres = rs.getString(3);
                out.add(new Item(rs.getString(1), rs.getString(2),
                        genres == null || genres.isEmpty() ? List.of() : Arrays.asList(genres.split("\\|")),
                        Json.readObjectMap(rs.getString(4)), rs.getLong(5), rs.getBoolean(6),
                        Json.readStringList(rs.getString(7))));
            }
        }
        return out;
    }
}
