package dev.brisk.server.store;

import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code user_events} by row id for the trainer's in-memory data: what was committed after
 * a given id, and particular ids that were still missing. Only the columns the models use. Rows of
 * a type no longer declared come with a retired type (see {@link EventTypes#fromStored}).
 */
public final class InteractionReader {
    private static final String COLUMNS = "id, user_id, item_id, event_type, rating, timestamp";

    private final Database db;
    private final EventTypes types;

    public InteractionReader(Database db, EventTypes types) {
        this.db = db;
        this.types = types;
    }

    /** One stored interaction: its row id and what a model learns from. */
    @FunctionalInterface
    public interface Sink {
        void accept(long id, String userId, String itemId, EventType type, double rating, long timestamp);
    }

    /**
     * Streams up to {@code limit} rows with an id above {@code afterId}, in id order; returns how
     * many were read. A limit of 0 reads everything.
     */
    public int readAfter(long afterId, int limit, Sink sink) {
        return db.withConnection(c -> inReadTransaction(c, conn -> readAfter(conn, afterId, limit, sink)));
    }

    /**
     * {@link #readAfter(long, int, Sink)} on a connection the caller holds; on PostgreSQL inside its
     * transaction. A bounded read walks the primary key from {@code afterId} (see {@link #byRowId}).
     */
    int readAfter(Connection c, long afterId, int limit, Sink sink) throws SQLException {
        if (limit > 0) {
            byRowId(c);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_events WHERE id > ?"
                + " ORDER BY id" + (limit > 0 ? " LIMIT " + limit : ""))) {
            ps.setFetchSize(5_000);
            ps.setLong(1, afterId);
            return read(ps, sink);
        }
    }

    /** Reads the rows with ids from {@code from} to {@code to} (both included) that exist now; returns how many. */
    public int readBetween(long from, long to, Sink sink) {
        return db.withConnection(c -> inReadTransaction(c, conn -> readBetween(conn, from, to, sink)));
    }

    /** {@link #readBetween(long, long, Sink)} on a connection the caller holds; on PostgreSQL inside its transaction. */
    int readBetween(Connection c, long from, long to, Sink sink) throws SQLException {
        byRowId(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_events"
                + " WHERE id >= ? AND id <= ? ORDER BY id")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            return read(ps, sink);
        }
    }

    /**
     * PostgreSQL: the rest of this transaction reads {@code user_events} by its primary key. The
     * trainer reads the newest rows every second; with statistics older than the rows (a table
     * filled faster than autovacuum analyses it, or never analysed yet) the planner guessed that a
     * large share of the table lay past the cursor and scanned all of it, then sorted, on every
     * tick, while a walk of the key from the cursor reads only the new rows.
     */
    private void byRowId(Connection c) throws SQLException {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('enable_seqscan', 'off', true),"
                + " set_config('enable_bitmapscan', 'off', true)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    /**
     * On PostgreSQL a read runs in a transaction: the driver streams rows with a fetch size only
     * there, and the planner's settings of {@link #byRowId} last as long. On SQLite a transaction
     * would take the write lock (they begin IMMEDIATE there) and hold ingest up for the read.
     */
    private int inReadTransaction(Connection c, Database.SqlWork<Integer> read) throws SQLException {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return read.run(c);
        }
        c.setAutoCommit(false);
        try {
            return read.run(c);
        } finally {
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** An erasure recorded through any instance: a whole user (eventId null) or one event (userId null). */
    public record Erasure(long id, String userId, String eventId) {
    }

    /** The erasures recorded after {@code afterId}, in order. */
    public List<Erasure> erasuresAfter(long afterId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, user_id, event_id FROM erasures WHERE id > ? ORDER BY id")) {
                ps.setLong(1, afterId);
                List<Erasure> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Erasure(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    /** The id of the latest erasure, 0 when there is none. */
    public long lastErasure() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM erasures");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The highest row id stored, 0 when there is none. */
    public long maxId() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM user_events");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private int read(PreparedStatement ps, Sink sink) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double rating = rs.getDouble(5);
                if (rs.wasNull()) {
                    rating = Double.NaN;
                }
                sink.accept(rs.getLong(1), rs.getString(2), rs.getString(3), types.fromStored(rs.getString(4)), rating,
                        rs.getLong(6));
                n++;
            }
        }
        return n;
    }
}
