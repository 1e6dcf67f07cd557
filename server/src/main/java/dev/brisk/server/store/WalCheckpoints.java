package dev.brisk.server.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's WAL checkpoints on a thread of their own instead of inside the writers' commits.
 * <p>By itself SQLite copies the WAL's pages into the database file in the commit that finds the WAL
 * past 1,000 pages, and {@code fsync}s the file there: about one commit in 25 of a stream of single
 * events took 15–30 ms instead of 1–3, and every client waited behind it. Here a thread copies the
 * pages ({@code PRAGMA wal_checkpoint(PASSIVE)}, which neither waits for nor blocks the writer) after
 * every {@value #COMMITS_PER_PASS} commits, or after {@value #PASS_EVERY_MILLIS} ms, and then
 * {@code fsync}s the database file itself. SQLite's own checkpoint {@code fsync}s the file only when it
 * has copied every page of the WAL, which a writer that goes on committing meanwhile never lets this
 * thread do; and the WAL starts again from its beginning only when a write transaction begins with every
 * page copied. So the next write transaction, before it begins, copies the few pages committed during
 * the pass ({@link #beforeWrite}: 3–6 ms in the samples logged, where the whole checkpoint took 15–30,
 * since the pass's pages are on disk already), and the WAL then starts again: it stays at about one
 * pass's pages instead of growing.
 * <p>SQLite's automatic checkpoint stays as a safety net, at {@value #SAFETY_NET_PAGES} pages.
 * <p>The database file is {@code fsync}ed through a descriptor of its own. Closing any descriptor of
 * a file drops every POSIX lock the process holds on it, SQLite's included, so one descriptor per
 * file is shared by the process's databases on it and closed only after the last of them
 * ({@link #release}, after the pool's connections are closed).
 */
final class WalCheckpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpoints.class);
    /** Commits between two passes (single events commit in groups of about eight). */
    static final int COMMITS_PER_PASS = 60;
    /** At most this long between a commit and the pass that copies it. */
    static final long PASS_EVERY_MILLIS = 250;
    /** SQLite's own automatic checkpoint, for when this thread falls behind: 80 MB of 4 KiB pages. */
    static final int SAFETY_NET_PAGES = 20_000;
    /** The WAL file is cut back to this size when it starts again after a burst grew it. */
    static final long WAL_FILE_LIMIT_BYTES = 64L << 20;

    /** Open descriptors by file, with how many databases use each. */
    private static final Map<Path, SharedFile> FILES = new HashMap<>();

    private final Path path;
    private final SharedFile file;
    private final Connection own;
    private final Thread thread;
    private final Object wake = new Object();
    private final AtomicInteger commits = new AtomicInteger();
    private volatile boolean copyRest;
    private volatile boolean closed;
    private boolean released;
    private long[] lastPages = {-1, -1};
    private final AtomicLong passes = new AtomicLong();

    private WalCheckpoints(Path path, SharedFile file, Connection own, ThreadFactory threads) {
        this.path = path;
        this.file = file;
        this.own = own;
        this.thread = threads.newThread(this::run);
    }

    /** Starts the checkpoints of the SQLite database file at {@code path} (one already opened and migrated). */
    static WalCheckpoints start(String url, Path path, ThreadFactory threads) {
        Path key = key(path);
        SharedFile file;
        synchronized (FILES) {
            file = FILES.get(key);
            if (file == null) {
                try {
                    file = new SharedFile(new RandomAccessFile(key.toFile(), "rw"));
                } catch (IOException e) {
                    throw new StoreException("Cannot open " + key + " to sync it: " + e.getMessage(), e);
                }
                FILES.put(key, file);
            }
            file.users++;
        }
        Connection own = null;
        try {
            own = DriverManager.getConnection(url);
            try (Statement s = own.createStatement()) {
                s.execute("PRAGMA synchronous = FULL");
            }
            WalCheckpoints checkpoints = new WalCheckpoints(key, file, own, threads);
            checkpoints.thread.start();
            return checkpoints;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(own);
            release(key, file);
            throw new StoreException("Cannot start the WAL checkpoints of " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * What every pooled connection of the file gets: SQLite's own checkpoint only past the safety net,
     * and the WAL file cut back to {@link #WAL_FILE_LIMIT_BYTES} when it starts again.
     */
    static void configure(com.zaxxer.hikari.HikariConfig pool) {
        pool.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + SAFETY_NET_PAGES);
        pool.addDataSourceProperty("journal_size_limit", String.valueOf(WAL_FILE_LIMIT_BYTES));
    }

    /** The key of a file in {@link #FILES}. */
    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** After a write transaction committed. */
    void committed() {
        if (commits.incrementAndGet() == COMMITS_PER_PASS) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    /**
     * Before a write transaction begins on {@code c}: after a pass, copies what was committed during it,
     * so that this transaction starts the WAL again. A failure here is left to the next pass.
     */
    void beforeWrite(Connection c) {
        if (!copyRest) {
            return;
        }
        copyRest = false;
        try {
            checkpoint(c);
        } catch (SQLException e) {
            log.debug("Copying the WAL's last pages before a write failed: {}", e.getMessage());
        }
    }

    long passes() {
        return passes.get();
    }

    /** @return the pages in the WAL and how many of them are in the database file now */
    private static long[] checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return new long[] {rs.getLong(2), rs.getLong(3)};
        }
    }

    private void run() {
        while (!closed) {
            try {
                synchronized (wake) {
                    if (commits.get() < COMMITS_PER_PASS && !closed) {
                        wake.wait(PASS_EVERY_MILLIS);
                    }
                }
                commits.set(0);
                pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | IOException | RuntimeException e) {
                log.warn("A WAL checkpoint of {} failed; SQLite's own checkpoint stays as a safety net: {}", path,
                        e.getMessage());
                pause();
            }
        }
    }

    /**
     * Copies what the WAL holds beyond the database file and syncs the file. Durability does not rest on
     * this sync: SQLite starts the WAL again only after a checkpoint of its own has copied every page and
     * synced the file; this one makes that last sync short.
     */
    private void pass() throws SQLException, IOException {
        long[] pages = checkpoint(own);
        if (pages[0] == lastPages[0] && pages[1] == lastPages[1] && pages[0] == pages[1]) {
            return; // nothing committed since the last pass
        }
        lastPages = pages;
        passes.incrementAndGet();
        file.sync();
        copyRest = true;
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the thread and closes its connection; the shared descriptor is closed by {@link #release()}
     * once the pool's connections are closed.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(own);
    }

    /** After the pool is closed: the last database on this file closes its descriptor. Once per instance. */
    void release() {
        if (!released) {
            released = true;
            release(path, file);
        }
    }

    /** Whether a descriptor of this file is open here (for tests). */
    static boolean isOpen(Path file) {
        synchronized (FILES) {
            return FILES.containsKey(key(file));
        }
    }

    private static void release(Path key, SharedFile file) {
        synchronized (FILES) {
            if (--file.users == 0) {
                FILES.remove(key);
                file.close();
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("Closing the checkpoint connection failed: {}", e.getMessage());
        }
    }

    /**
     * A descriptor of a database file, to {@code fsync} it. Nothing is written through it; it is opened
     * for writing since Windows syncs only such handles.
     */
    private static final class SharedFile {
        private final RandomAccessFile file;
        private int users;

        SharedFile(RandomAccessFile file) {
            this.file = file;
        }

        void sync() throws IOException {
            file.getFD().sync();
        }

        void close() {
            try {
                file.close();
            } catch (IOException e) {
                log.debug("Closing a database file's descriptor failed: {}", e.getMessage());
            }
        }
    }
}
