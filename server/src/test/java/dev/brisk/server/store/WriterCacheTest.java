package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite connection that writes keeps a page cache large enough for the pages a write
 * transaction spreads over the indexes; one that only reads keeps SQLite's default.
 */
class WriterCacheTest {
    @TempDir
    Path dir;

    @Test
    void aConnectionGetsTheWritersCacheWhenItOpensATransaction() {
        // The pool hands a thread back the connection it used last, so the transaction and the reads
        // before and after it, all on this thread, share one connection.
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("cache.db"), "", "", "", 1))) {
            long before = db.withConnection(WriterCacheTest::cacheSize);
            long during = db.inTransaction(WriterCacheTest::cacheSize);
            long after = db.withConnection(WriterCacheTest::cacheSize);
            assertThat(before).as("a connection that has only read").isEqualTo(-2000);
            assertThat(during).isEqualTo(-Database.WRITER_CACHE_KIB);
            assertThat(after).as("the same connection, read from later").isEqualTo(-Database.WRITER_CACHE_KIB);
        }
    }

    private static long cacheSize(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA cache_size")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
