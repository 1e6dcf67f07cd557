package dev.brisk.server.training;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.server.store.InteractionReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactions the trainer learns from, kept in memory in compact primitive arrays and fed
 * from {@code user_events} by increasing row id: read in full once, then only what was committed
 * after the last row read, by this instance or any other. A training run takes a
 * {@link #snapshot()} and never reads the table itself.
 * <p>Row ids are taken when a transaction inserts, not when it commits, so on PostgreSQL a row can
 * become visible after rows with higher ids were read. Ids skipped over are remembered as gaps and
 * looked up again on every {@link #catchUp()} until they appear or {@code gapPatienceMillis}
 * passes (ids of rolled-back inserts never appear).
 * <p>The events this instance commits are not read back: the ingest path offers them with their row
 * ids after each commit ({@link #offerCommitted}), and they are applied from memory
 * ({@link #applyCommitted}); the table is read after the last row id for what other instances
 * committed. An offered event whose row id was read already is skipped, one in a gap fills it.
 * <p>Stored events of a type the configuration no longer declares are read past and not trained
 * on; how many there are of each is logged after the full read.
 */
public final class TrainingData {
    private static final int BATCH = 10_000;
    /** How long a user erasure makes this instance's own events of that user be read from the table instead. */
    private static final long ERASED_LATELY_MILLIS = 10 * 60_000;
    private static final Logger log = LoggerFactory.getLogger(TrainingData.class);

    private final InteractionReader reader;
    private final long gapPatienceMillis;
    private final Object lock = new Object();
    private InteractionLog.Builder builder = InteractionLog.builder();
    private long cursor;
    /** The last erasure applied (see {@link #catchUp()}). */
    private long erasureCursor;
    /** After the full read; read without the lock by {@link #offerCommitted}. */
    private volatile boolean loaded;
    /** Ids not seen yet below the cursor: {from, to, first noticed at}. */
    private final List<long[]> gaps = new ArrayList<>();
    /** Events read past because their type is no longer declared, by type name. */
    private final Map<String, Long> retired = new TreeMap<>();
    /** This instance's commits, offered by the ingest path and not applied yet. */
    private final ConcurrentLinkedQueue<Committed> committed = new ConcurrentLinkedQueue<>();
    /**
     * Interactions taken from this instance's commits; read from the table after the full read; and of
     * those, this instance's own commits that the table brought before the ingest path did (a tick that
     * read between a commit and its hand-off).
     */
    private long takenFromIngest;
    private long readFromTable;
    private long readBack;
    /** Users whose erasure was applied lately, and when: their offered events are left to the table. */
    private final Map<String, Long> erasedLately = new HashMap<>();

    private record Committed(long[] rowIds, List<Event> events) {
    }

    public TrainingData(InteractionReader reader, long gapPatienceMillis) {
        this.reader = reader;
        this.gapPatienceMillis = gapPatienceMillis;
    }

    /** What a training run trains on, and the highest row id it includes. */
    public record Snapshot(InteractionLog log, long eventsThrough) {
    }

    /**
     * Reads every stored interaction (the one full read); {@code progress} hears the count every
     * 100,000 rows. Returns how many rows have an id above {@code countAbove}.
     */
    public long loadAll(long countAbove, LongConsumer progress) {
        synchronized (lock) {
            builder = InteractionLog.builder();
            gaps.clear();
            retired.clear();
            cursor = 0;
            // Read first: what an erasure recorded after this deleted is not read below anyway.
            erasureCursor = reader.lastErasure();
            long[] above = new long[1];
            reader.readAfter(0, 0, (id, user, item, type, rating, time) -> {
                append(id, user, item, type, rating, time, System.currentTimeMillis());
                if (id > countAbove) {
                    above[0]++;
                }
                if (builder.size() % 100_000 == 0) {
                    progress.accept(builder.size());
                }
            });
            // Only recent gaps can still fill (their inserts are in flight); older ones are ids of
            // inserts that rolled back or were skipped as duplicates.
            gaps.removeIf(gap -> gap[1] < cursor - 100_000);
            if (!retired.isEmpty()) {
                log.warn("Stored events of types no longer in BRISK_EVENT_TYPES are kept but not trained on: {}",
                        retired);
            }
            loaded = true;
            return above[0];
        }
    }

    /**
     * Forgets what was erased since the last look (a user's interactions are dropped from memory; an
     * erased event makes the data be read again in full), then appends what was committed since
     * (and gaps that filled). Returns how many interactions changed: added plus forgotten.
     */
    public int catchUp() {
        synchronized (lock) {
            if (!loaded) {
                return 0;
            }
            // Offered commits first: an erasure applied next forgets what they hold of its user.
            int applied = drainCommitted();
            int forgotten = forgetErased();
            long now = System.currentTimeMillis();
            int added = applied + forgotten + fillGaps(now);
            int read;
            do {
                int before = builder.size();
                read = reader.readAfter(cursor, BATCH, (id, user, item, type, rating, time) ->
                        append(id, user, item, type, rating, time, now));
                added += builder.size() - before;
                readFromTable += builder.size() - before;
            } while (read == BATCH);
            return added;
        }
    }

    private int forgetErased() {
        List<InteractionReader.Erasure> erasures = reader.erasuresAfter(erasureCursor);
        if (erasures.isEmpty()) {
            return 0;
        }
        int before = builder.size();
        if (erasures.stream().anyMatch(e -> e.eventId() != null)) {
            // One event cannot be told apart in memory (rows carry no event id); single-event erasures are rare.
            loadAll(Long.MAX_VALUE, read -> { });
            return Math.abs(before - builder.size()) + 1;
        }
        long now = System.currentTimeMillis();
        erasedLately.values().removeIf(at -> at < now - ERASED_LATELY_MILLIS);
        for (InteractionReader.Erasure erasure : erasures) {
            builder = builder.without(erasure.userId());
            erasedLately.put(erasure.userId(), now);
        }
        erasureCursor = erasures.get(erasures.size() - 1).id();
        return before - builder.size();
    }

    /**
     * Called by the ingest path after each commit on this instance, with the stored events and their
     * row ids; never waits for a read in progress. Returns false when nothing was taken: before the
     * full read, or without row ids (the table is read for them instead).
     */
    public boolean offerCommitted(List<Event> events, long[] rowIds) {
        if (!loaded || events.isEmpty()) {
            return false;
        }
        for (long id : rowIds) {
            if (id <= 0) {
                return false;
            }
        }
        committed.add(new Committed(rowIds.clone(), List.copyOf(events)));
        return true;
    }

    /** Applies the offered commits without reading the table; returns how many interactions were added. */
    public int applyCommitted() {
        synchronized (lock) {
            return loaded ? drainCommitted() : 0;
        }
    }

    private int drainCommitted() {
        int before = builder.size();
        long now = System.currentTimeMillis();
        for (Committed c = committed.poll(); c != null; c = committed.poll()) {
            long[] ids = c.rowIds();
            Integer[] order = new Integer[ids.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // Parts of one group written side by side interleave their ids: apply them in id order.
            java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> ids[i]));
            for (int i : order) {
                long id = ids[i];
                Event e = c.events().get(i);
                if (erasedLately.containsKey(e.userId())) {
                    // Maybe erased after its commit: left to the table's rows (read after the cursor or as a gap).
                    continue;
                }
                if (id > cursor) {
                    append(id, e.userId(), e.itemId(), e.type(), e.rating(), e.timestamp(), now);
                } else if (takeFromGap(id)) {
                    add(e.userId(), e.itemId(), e.type(), e.rating(), e.timestamp());
                } else {
                    // Its row was read from the table already.
                    readBack++;
                }
            }
        }
        takenFromIngest += builder.size() - before;
        return builder.size() - before;
    }

    /** Whether {@code id} lay in a gap still looked for; if so the gap no longer holds it. */
    private boolean takeFromGap(long id) {
        for (int g = 0; g < gaps.size(); g++) {
            long[] gap = gaps.get(g);
            if (id < gap[0] || id > gap[1]) {
                continue;
            }
            gaps.remove(g);
            if (id > gap[0]) {
                gaps.add(new long[] {gap[0], id - 1, gap[2]});
            }
            if (id < gap[1]) {
                gaps.add(new long[] {id + 1, gap[1], gap[2]});
            }
            return true;
        }
        return false;
    }

    private void append(long id, String user, String item, EventType type, double rating, long time, long now) {
        if (id > cursor + 1) {
            gaps.add(new long[] {cursor + 1, id - 1, now});
        }
        cursor = Math.max(cursor, id);
        add(user, item, type, rating, time);
    }

    private void add(String user, String item, EventType type, double rating, long time) {
        if (type.isRetired()) {
            retired.merge(type.wireName(), 1L, Long::sum);
        } else {
            builder.add(user, item, type, rating, time);
        }
    }

    private int fillGaps(long now) {
        int before = builder.size();
        int added = 0;
        List<long[]> open = new ArrayList<>();
        for (Iterator<long[]> it = gaps.iterator(); it.hasNext(); ) {
            long[] gap = it.next();
            it.remove();
            long[] next = {gap[0]};
            added += reader.readBetween(gap[0], gap[1], (id, user, item, type, rating, time) -> {
                if (id > next[0]) {
                    open.add(new long[] {next[0], id - 1, gap[2]});
                }
                next[0] = id + 1;
                add(user, item, type, rating, time);
            });
            if (next[0] <= gap[1]) {
                open.add(new long[] {next[0], gap[1], gap[2]});
            }
        }
        for (long[] gap : open) {
            if (now - gap[2] < gapPatienceMillis) {
                gaps.add(gap);
            }
        }
        readFromTable += builder.size() - before;
        return added;
    }

    /** A copy of everything read so far that stays unchanged while reading goes on. */
    public Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(builder.snapshot(), cursor);
        }
    }

    public boolean loaded() {
        synchronized (lock) {
            return loaded;
        }
    }

    public int size() {
        synchronized (lock) {
            return builder.size();
        }
    }

    /** Interactions taken from this instance's commits without reading them back. */
    public long takenFromIngest() {
        synchronized (lock) {
            return takenFromIngest;
        }
    }

    /** Interactions read from the table after the full read: other instances' commits (or this one's, read first). */
    public long readFromTable() {
        synchronized (lock) {
            return readFromTable;
        }
    }

    /** This instance's commits that the table brought first (also counted in {@link #readFromTable()}). */
    public long readBack() {
        synchronized (lock) {
            return readBack;
        }
    }

    /** Ranges of ids skipped over and still looked for. */
    public int openGaps() {
        synchronized (lock) {
            return gaps.size();
        }
    }

    /** Forgets everything (an instance that stops training gives the memory back). */
    public void clear() {
        synchronized (lock) {
            loaded = false;
            committed.clear();
            erasedLately.clear();
            builder = InteractionLog.builder();
            gaps.clear();
            cursor = 0;
        }
    }
}
