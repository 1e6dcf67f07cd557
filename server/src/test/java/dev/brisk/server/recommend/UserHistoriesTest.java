package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.server.cache.MemoryCache;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.PreparedStatement;
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHistoryIsHeldWhileItsGenerationHoldsAndReadAgainAfterAnInvalidation(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 15));
            List<String> first = lines(histories.recent("u", -1));
            assertThat(first).hasSize(15).isEqualTo(lines(store.recentInteractions("u", LIMIT)));

            // Written behind the cache's back: held until the user is invalidated, as a cached list is.
            store(db, List.of(event("u", "late", EventType.CLICK, T + 1_000_000)));
            assertThat(lines(histories.recent("u", -1))).as("held").isEqualTo(first);

            cache.invalidateUser("u");
            assertThat(lines(histories.recent("u", -1))).as("after the invalidation")
                    .hasSize(16).isEqualTo(lines(store.recentInteractions("u", LIMIT)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eventsCommittedHereAreAddedInTheDatabasesOrder(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 15));
            histories.recent("u", -1);
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
                assertThat(lines(histories.recent("u", -1))).as("round %d", round).isEqualTo(expected);
                cache.invalidateUser("u");
                histories.recent("u", -1);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHistoryReadWhileACommitWasUnderWayIsReadAgain(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 10));
            histories.committing();
            List<Event> group = List.of(event("u", "new", EventType.CLICK, T + 50_000));
            store(db, group);
            // Read after the commit began: it may hold the commit's events already (here it does).
            assertThat(lines(histories.recent("u", -1))).hasSize(11);
            histories.committed(group);
            cache.invalidateUsers(List.of("u"));
            assertThat(lines(histories.recent("u", -1))).as("read again, the event once")
                    .hasSize(11).isEqualTo(lines(store.recentInteractions("u", LIMIT)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anInvalidationFromElsewhereBesideACommitHereMakesItReadAgain(String dialect) {
        withStore(dialect, (db, store, cache, histories) -> {
            store(db, events("u", 0, 10));
            histories.recent("u", -1);
            // Another instance stores an event of the user and invalidates while this one commits its own.
            store(db, List.of(event("u", "elsewhere", EventType.VIEW, T + 40_000)));
            cache.invalidateUser("u");
            commit(db, cache, histories, List.of(event("u", "here", EventType.CLICK, T + 50_000)));
            assertThat(lines(histories.recent("u", -1))).as("both events, read from the database")
                    .hasSize(12).isEqualTo(lines(store.recentInteractions("u", LIMIT)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite"})
    void turnedOffEveryHistoryIsRead(String dialect) {
        withStore(dialect, 0, (db, store, cache, histories) -> {
            store(db, events("u", 0, 5));
            histories.recent("u", -1);
            store(db, List.of(event("u", "late", EventType.CLICK, T + 1_000_000)));
            assertThat(histories.recent("u", -1)).hasSize(6);
            assertThat(histories.heldEvents()).isZero();
        });
    }

    private interface Body {
        void run(Database db, ActivityStore store, RecommendationCache cache, UserHistories histories);
    }

    private void withStore(String dialect, Body body) {
        withStore(dialect, 10_000, body);
    }

    private void withStore(String dialect, long maxEvents, Body body) {
        Database.Settings settings = SharedServices.freshDatabase(dialect, dir, "user_histories");
        try (Database db = Database.open(settings); RecommendationCache cache = new MemoryCache(Duration.ofMinutes(5), 100)) {
            ActivityStore store = new ActivityStore(db, EventTypes.BUILT_IN);
            body.run(db, store, cache, new UserHistories(store, cache, LIMIT, maxEvents, Duration.ofMinutes(5)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            SharedServices.dropSchemaOf(settings);
        }
    }

    /** As the ingest writer does: the count before, the transaction, the events added, then the invalidation. */
    private static void commit(Database db, RecommendationCache cache, UserHistories histories, List<Event> group) {
        histories.committing();
        store(db, group);
        histories.committed(group);
        cache.invalidateUsers(group.stream().map(Event::userId).distinct().toList());
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

    private static void store(Database db, List<Event> events) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (event_id, user_id, item_id,"
                    + " event_type, rating, timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Event e : events) {
                    ps.setString(1, e.eventId());
                    ps.setString(2, e.userId());
                    ps.setString(3, e.itemId());
                    ps.setString(4, e.type().wireName());
                    if (e.hasRating()) {
                        ps.setDouble(5, e.rating());
                    } else {
                        ps.setNull(5, java.sql.Types.DOUBLE);
                    }
                    ps.setLong(6, e.timestamp());
                    ps.setLong(7, e.timestamp());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static List<String> lines(List<Event> history) {
        return history.stream().map(e -> e.itemId() + " " + e.type().wireName() + " " + e.rating() + " " + e.timestamp())
                .toList();
    }
}
