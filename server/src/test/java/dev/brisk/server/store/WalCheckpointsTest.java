package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's WAL checkpoints run on a thread of their own, and the WAL still starts again from its
 * beginning under a stream of write transactions that never pauses.
 */
class WalCheckpointsTest {
    /** Bytes of text per row: a row fills most of a 4 KiB page, so that a transaction of four writes four or five pages. */
    private static final int ROW_BYTES = 3_000;
    private static final int TRANSACTIONS = 2_000;
    private static final int ROWS_PER_TRANSACTION = 4;

    @TempDir
    Path dir;

    @Test
    void aStreamOfCommitsKeepsTheWalSmallAndLosesNothing() throws Exception {
        Path file = dir.resolve("stream.db");
        Path wal = dir.resolve("stream.db-wal");
        long largestWal = 0;
        String text = "x".repeat(ROW_BYTES);
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + file, "", "", "", 4))) {
            db.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE stream (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                }
                return null;
            });
            for (int t = 0; t < TRANSACTIONS; t++) {
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO stream (body) VALUES (?)")) {
                        for (int r = 0; r < ROWS_PER_TRANSACTION; r++) {
                            ps.setString(1, text);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
                largestWal = Math.max(largestWal, Files.size(wal));
            }
            // Every page went through the WAL: about 8,000 pages, 24 MB of them. Had the WAL not
            // started again until SQLite's own checkpoint (20,000 pages), it would hold them all.
            long written = (long) TRANSACTIONS * ROWS_PER_TRANSACTION * ROW_BYTES;
            assertThat(written).isGreaterThan(20_000_000L);
            assertThat(largestWal).as("largest WAL file, bytes").isLessThan(written / 3);
            assertThat(db.checkpointPasses()).as("checkpoint passes").isPositive();
        }
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + file, "", "", "", 2))) {
            assertThat(one(db, "SELECT COUNT(*) FROM stream")).isEqualTo(String.valueOf(TRANSACTIONS * ROWS_PER_TRANSACTION));
            assertThat(one(db, "PRAGMA integrity_check")).isEqualTo("ok");
        }
    }

    private static String one(Database db, String sql) {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /**
     * The descriptor that syncs a file is closed only with the last database on it: closing any
     * descriptor of a file drops the POSIX locks SQLite holds on it for the whole process.
     */
    @Test
    void twoDatabasesOnOneFileShareTheDescriptorThatSyncsIt() {
        Path file = dir.resolve("shared.db");
        Database.Settings settings = new Database.Settings("jdbc:sqlite:" + file, "", "", "", 2);
        Database first = Database.open(settings);
        try (Database second = Database.open(settings)) {
            assertThat(WalCheckpoints.isOpen(file)).isTrue();
            first.close();
            assertThat(WalCheckpoints.isOpen(file)).as("open while the second database is").isTrue();
            second.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE still_writable (id INTEGER PRIMARY KEY)");
                }
                return null;
            });
        } finally {
            first.close();
        }
        assertThat(WalCheckpoints.isOpen(file)).isFalse();
    }
}
