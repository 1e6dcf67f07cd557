package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.server.cache.MemoryCache;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The histories held between lists are always what the database would answer: held while the user's
 * generation holds, read again after any invalidation, and a commit of this instance's events is added
 * to them in the database's own order (newest first; of equal times, the later stored first; at most
 * the limit), so the list made right after an event needs no read.
 */
class UserHistoriesTest {
    private static final long T = 1_700_000_000_000L;
    private static final int LIMIT = 20;

    @TempDir
    Path dir;

    private final AtomicInteger ids = new AtomicInteger();
    /** Run once right after the next read of the database, before the history read is kept. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> afterRead = new java.util.concurrent.atomic.AtomicReference<>();
    /** Run once right after the next read of a generation. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> afterGeneration = new java.util.concurrent.atomic.AtomicReference<>();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHistoryIsHeldWhileItsGenerationHoldsAndReadAgainAfterAnInvalidation(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 15));
            List<String> first = lines(histories.recent("u", false).history());
            assertThat(first).hasSize(15).isEqualTo(lines(store.recentInteractions("u", LIMIT)));

            // Written behind the cache's back: held until the user is invalidated, as a cached list is.
            store(db, List.of(event("u", "late", EventType.CLICK, T + 1_000_000)));
            assertThat(lines(histories.recent("u", false).history())).as("held").isEqualTo(first);

            cache.invalidateUser("u");
            assertThat(lines(histories.recent("u", false).history())).as("after the invalidation")
                    .hasSize(16).isEqualTo(lines(store.recentInteractions("u", LIMIT)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eventsCommittedHereAreAddedInTheDatabasesOrder(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 15));
            histories.recent("u", false).history();
            for (int round = 0; round < 3; round++) {
                // Newer than all, equal to the newest (twice, so stored order decides), in between, and
                // older than anything the limit keeps.
                long newest = T + 100_000L * (round + 1);
                List<Event> group = new ArrayList<>(List.of(
                        event("u", "a" + round, EventType.VIEW, newest),
                        event("u", "b" + round, EventType.RATING, newest, 4.5),
                        event("u", "c" + round, EventType.CLICK, newest),
                        event("u", "d" + round, EventType.VIEW, T + 7_500),
                        event("u", "e" + round, EventType.PURCHASE, T - 1_000_000)));
                group.add(2, event("other", "x", EventType.VIEW, newest));
                commit(db, cache, histories, group);

                List<String> expected = lines(store.recentInteractions("u", LIMIT));
                // Written behind the cache's back: what is answered below comes from memory, not a read.
                store(db, List.of(event("u", "ghost" + round, EventType.LIKE, newest + 1)));
                assertThat(lines(histories.recent("u", false).history())).as("round %d", round).isEqualTo(expected);
                cache.invalidateUser("u");
                histories.recent("u", false).history();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHistoryReadWhileACommitWasUnderWayIsReadAgain(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 10));
            long commit = histories.committing();
            List<Event> group = List.of(event("u", "new", EventType.CLICK, T + 50_000));
            store(db, group);
            // Read after the commit began: it may hold the commit's events already (here it does).
            assertThat(lines(histories.recent("u", false).history())).hasSize(11);
            histories.committed(commit, group);
            cache.invalidateUsers(List.of("u"));
            histories.invalidated(group);
            assertThat(lines(histories.recent("u", false).history())).as("read again, the event once")
                    .hasSize(11).isEqualTo(lines(store.recentInteractions("u", LIMIT)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anInvalidationFromElsewhereBesideACommitHereMakesItReadAgain(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 10));
            histories.recent("u", false).history();
            // Another instance stores an event of the user and invalidates while this one commits its own.
            store(db, List.of(event("u", "elsewhere", EventType.VIEW, T + 40_000)));
            cache.invalidateUser("u");
            commit(db, cache, histories, List.of(event("u", "here", EventType.CLICK, T + 50_000)));
            assertThat(lines(histories.recent("u", false).history())).as("both events, read from the database")
                    .hasSize(12).isEqualTo(lines(store.recentInteractions("u", LIMIT)));
        });
    }

    /**
     * A list made slowly: it read the user's generation and the database before a commit of the user's
     * events and keeps what it read after that commit's invalidation. The next commit's events are
     * added to that history, which is behind by the first commit; between the next commit and its
     * invalidation the generation is the one that history then expects, and it must not be used.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHistoryKeptBehindACommitIsNotUsedBeforeTheNextCommitsInvalidation(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 10));
            histories.recent("u", false).history();
            cache.invalidateUser("u");
            Event first = event("u", "first", EventType.CLICK, T + 50_000);
            afterRead.set(() -> commit(db, cache, histories, List.of(first)));
            assertThat(lines(histories.recent("u", false).history())).as("the slow list, read before the commit").hasSize(10);

            Event second = event("u", "second", EventType.CLICK, T + 60_000);
            long commit = histories.committing();
            store(db, List.of(second));
            histories.committed(commit, List.of(second));
            assertThat(histories.recent("u", false).history()).extracting(Event::itemId)
                    .as("between the second commit and its invalidation").contains("first");
            cache.invalidateUsers(List.of("u"));
            histories.invalidated(List.of(second));
            assertThat(lines(histories.recent("u", false).history())).as("after it")
                    .isEqualTo(lines(store.recentInteractions("u", LIMIT))).hasSize(12);
        });
    }

    /**
     * A history kept behind another instance's event, brought up to date with a commit of this instance
     * that ends right after a list read the generation: the list read the generation after the other
     * event was acknowledged, so it must not be answered from that history, which lacks it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHistoryBroughtUpToDateByACommitIsNotUsedForAGenerationReadBeforeItsInvalidation(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 10));
            histories.recent("u", false);
            store(db, List.of(event("u", "elsewhere", EventType.CLICK, T + 40_000)));
            cache.invalidateUser("u");
            afterGeneration.set(() -> commit(db, cache, histories,
                    List.of(event("u", "here", EventType.CLICK, T + 50_000))));
            assertThat(histories.recent("u", false).history()).extracting(Event::itemId)
                    .as("the list whose generation was read before the commit").contains("elsewhere");
            assertThat(lines(histories.recent("u", false).history())).as("the next one")
                    .isEqualTo(lines(store.recentInteractions("u", LIMIT))).hasSize(12);
        });
    }

    /**
     * Lists made while this instance commits the user's events and another instance stores some of
     * its own: every history answered holds each event whose commit and invalidation ended before it
     * was asked for, and holds no event twice; once all is written, it is what the database holds.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void historiesAskedForWhileEventsAreCommittedMissNoneAndRepeatNone(String dialect) {
        asked(dialect, false);
    }

    /**
     * As above, with the ingest pipeline's overlap: the writer takes each commit's number and writes
     * the next group while the commit before it is still being added and invalidated on another thread
     * (in commit order); an event counts as acknowledged once its commit's invalidation is done.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void historiesAskedForWhileTheNextGroupIsWrittenBeforeTheLastIsAcknowledgedMissNoneAndRepeatNone(String dialect) {
        asked(dialect, true);
    }

    private void asked(String dialect, boolean overlapped) {
        withStore(dialect, 10_000, 2_000, (db, store, cache, histories) -> {
            int commits = 300;
            java.util.Random random = new java.util.Random(11);
            List<List<Event>> groups = new ArrayList<>();
            for (int g = 0; g < commits; g++) {
                List<Event> group = new ArrayList<>();
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    // Times drawn from a narrow window: arrivals out of time order, some equal.
                    group.add(event("u", "g" + g + "-" + k, EventType.VIEW, T + random.nextInt(200) * 1_000L));
                }
                groups.add(group);
            }
            java.util.Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            Runnable reader = () -> {
                while (writing.get() && problems.isEmpty()) {
                    java.util.Set<String> before = java.util.Set.copyOf(done);
                    List<String> items = histories.recent("u", false).history().stream().map(Event::itemId).toList();
                    asked.incrementAndGet();
                    if (new java.util.HashSet<>(items).size() != items.size()) {
                        problems.add("an event twice: " + items);
                    } else if (!items.containsAll(before)) {
                        java.util.Set<String> missing = new java.util.TreeSet<>(before);
                        missing.removeAll(items);
                        problems.add("missing " + missing);
                    }
                }
            };
            Thread[] readers = {new Thread(reader), new Thread(reader)};
            for (Thread t : readers) {
                t.start();
            }
            // The pipeline's acknowledger: one thread, in commit order, at most two commits behind the writer.
            java.util.concurrent.ExecutorService acknowledger = java.util.concurrent.Executors.newSingleThreadExecutor();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(2);
            try {
                for (int g = 0; g < commits && problems.isEmpty(); g++) {
                    if (g % 10 == 5) {
                        // Another instance's event: stored, then invalidated, as its writer does.
                        Event elsewhere = event("u", "elsewhere" + g, EventType.CLICK, T + random.nextInt(200) * 1_000L);
                        store(db, List.of(elsewhere));
                        cache.invalidateUsers(List.of("u"));
                        done.add(elsewhere.itemId());
                    }
                    List<Event> group = groups.get(g);
                    if (!overlapped) {
                        commit(db, cache, histories, group);
                        group.forEach(e -> done.add(e.itemId()));
                        continue;
                    }
                    long commit = histories.committing();
                    store(db, group);
                    inFlight.acquireUninterruptibly();
                    acknowledger.execute(() -> {
                        histories.committed(commit, group);
                        cache.invalidateUsers(List.of("u"));
                        histories.invalidated(group);
                        group.forEach(e -> done.add(e.itemId()));
                        inFlight.release();
                    });
                }
                acknowledger.shutdown();
                assertThat(acknowledger.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                acknowledger.shutdownNow();
                writing.set(false);
                for (Thread t : readers) {
                    try {
                        t.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            assertThat(problems).as("after %d lists asked for", asked.get()).isEmpty();
            assertThat(asked.get()).as("lists asked for while committing").isGreaterThan(commits);
            assertThat(lines(histories.recent("u", false).history())).isEqualTo(lines(store.recentInteractions("u", 2_000)))
                    .hasSize(done.size());
        });
    }

    /**
     * Rows that reach the database without the service (an import while it runs) are read once the
     * history's time to live has passed since it was read, however many commits were added to it since.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite"})
    void aHistoryIsReadAgainItsTimeToLiveAfterItsReadHoweverManyCommitsItTook(String dialect) {
        withStore(dialect, 10_000, 1_000, Duration.ofSeconds(2), (db, store, cache, histories) -> {
            store(db, events("u", 0, 5));
            long readAt = System.nanoTime();
            histories.recent("u", false);
            store(db, List.of(event("u", "imported", EventType.VIEW, T + 30_000)));
            commit(db, cache, histories, List.of(event("u", "c0", EventType.CLICK, T + 40_000)));
            if (System.nanoTime() - readAt < 1_500_000_000L) {
                assertThat(histories.recent("u", false).history()).extracting(Event::itemId)
                        .as("from memory, with the commit").contains("c0").doesNotContain("imported");
            }
            for (int i = 1; System.nanoTime() - readAt < 2_500_000_000L; i++) {
                commit(db, cache, histories, List.of(event("u", "c" + i, EventType.CLICK, T + 40_000 + i)));
                histories.recent("u", false);
                dev.brisk.server.TestService.sleepMillis(100);
            }
            assertThat(lines(histories.recent("u", false).history())).as("read again")
                    .contains(lines(List.of(event("u", "imported", EventType.VIEW, T + 30_000))).get(0))
                    .isEqualTo(lines(store.recentInteractions("u", 1_000)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite"})
    void turnedOffEveryHistoryIsRead(String dialect) {
        withStore(dialect, 0, (db, store, cache, histories) -> {
            store(db, events("u", 0, 5));
            histories.recent("u", false).history();
            store(db, List.of(event("u", "late", EventType.CLICK, T + 1_000_000)));
            assertThat(histories.recent("u", false).history()).hasSize(6);
            assertThat(histories.heldEvents()).isZero();
        });
    }

    private interface Body {
        void run(Database db, ActivityStore store, RecommendationCache cache, UserHistories histories);
    }

    private void withStore(String dialect, Body body) {
        withStore(dialect, 10_000, LIMIT, body);
    }

    private void withStore(String dialect, long maxEvents, Body body) {
        withStore(dialect, maxEvents, LIMIT, body);
    }

    private void withStore(String dialect, long maxEvents, int limit, Body body) {
        withStore(dialect, maxEvents, limit, Duration.ofMinutes(5), body);
    }

    private void withStore(String dialect, long maxEvents, int limit, Duration ttl, Body body) {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "user_histories");
        try (Database db = Database.open(settings); RecommendationCache cache = new MemoryCache(Duration.ofMinutes(5), 100)) {
            ActivityStore store = new ActivityStore(db, EventTypes.BUILT_IN);
            body.run(db, store, cache, new UserHistories((user, n) -> {
                List<Event> read = store.recentInteractions(user, n);
                Runnable then = afterRead.getAndSet(null);
                if (then != null) {
                    then.run();
                }
                return read;
            }, user -> {
                long generation = cache.generation(user);
                Runnable then = afterGeneration.getAndSet(null);
                if (then != null) {
                    then.run();
                }
                return generation;
            }, limit, maxEvents, ttl));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    /** As the ingest writer does: the count before, the transaction, the events added, then the invalidation. */
    private static void commit(Database db, RecommendationCache cache, UserHistories histories, List<Event> group) {
        long commit = histories.committing();
        store(db, group);
        histories.committed(commit, group);
        cache.invalidateUsers(group.stream().map(Event::userId).distinct().toList());
        histories.invalidated(group);
    }

    private List<Event> events(String user, int from, int count) {
        List<Event> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(event(user, "i" + i, i % 4 == 0 ? EventType.RATING : EventType.VIEW, T + i * 1_000L,
                    i % 4 == 0 ? 3.0 : Double.NaN));
        }
        return out;
    }

    private Event event(String user, String item, EventType type, long time) {
        return event(user, item, type, time, Double.NaN);
    }

    private Event event(String user, String item, EventType type, long time, double rating) {
        return new Event("ev-" + ids.incrementAndGet(), user, item, type, rating, time, null, null, null);
    }

    /** Stores events as the ingest writer's insert does, in their order (row ids follow it). */
    private static void store(Database db, List<Event> events) {
        db.inTransaction(c -> new EventLog(db).insert(c, events, System.currentTimeMillis()));
    }

    private static List<String> lines(List<Event> history) {
        return history.stream().map(e -> e.itemId() + " " + e.type().wireName() + " " + e.rating() + " " + e.timestamp())
                .toList();
    }
}
