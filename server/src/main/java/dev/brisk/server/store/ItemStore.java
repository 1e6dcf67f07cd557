package dev.brisk.server.store;

import dev.brisk.core.catalog.Item;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code items} table: the catalog. Genres are stored '|'-separated, properties as JSON. */
public final class ItemStore {
    private static final String COLUMNS = "item_id, title, genres, properties, created_at, active";

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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (" + COLUMNS + ", updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET title = excluded.title,"
                + " genres = excluded.genres, properties = excluded.properties, active = excluded.active,"
                + " updated_at = excluded.updated_at")) {
            int pending = 0;
            for (Item item : items) {
                ps.setString(1, item.itemId());
                ps.setString(2, item.title());
                ps.setString(3, String.join("|", item.genres()));
                ps.setString(4, Json.write(item.properties()));
                ps.setLong(5, item.createdAt() > 0 ? item.createdAt() : now);
                ps.setBoolean(6, item.active());
                ps.setLong(7, now);
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
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE items SET active = ?, updated_at = ? WHERE item_id = ?")) {
                ps.setBoolean(1, false);
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, itemId);
                return ps.executeUpdate() > 0;
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
                        Json.readStringMap(rs.getString(4)), rs.getLong(5), rs.getBoolean(6)));
            }
        }
        return out;
    }
}
