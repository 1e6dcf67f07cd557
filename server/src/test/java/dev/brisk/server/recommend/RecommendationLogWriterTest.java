package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.ingest.ServedLists;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.LoggedList;
import dev.brisk.server.store.RecommendationLogStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When queued served lists are due to be written while no event comes. */
class RecommendationLogWriterTest {
    private static final long SERVED = 1_790_000_000_000L;

    private static LoggedList list(int n, long servedAt) {
        return new LoggedList("r" + n, "u" + n % 7, "popular", "v", 1, List.of("i" + n), servedAt, null, null);
    }

    @Test
    void aFewListsAreDueOnlyOnceTheOldestHasWaitedTheLongestWait() {
        RecommendationLogWriter logs = new RecommendationLogWriter(null, new SimpleMeterRegistry(), 10_000);
        assertThat(logs.due(SERVED + 60_000)).as("nothing queued").isFalse();
        logs.log(list(1, SERVED));
        logs.log(list(2, SERVED + 100));
        assertThat(logs.due(SERVED)).isFalse();
        assertThat(logs.due(SERVED + ServedLists.MAX_WAIT_MILLIS - 1)).isFalse();
        assertThat(logs.due(SERVED + ServedLists.MAX_WAIT_MILLIS)).isTrue();
    }

    @Test
    void enoughListsForAWholeWriteAreDueAtOnce() {
        RecommendationLogWriter logs = new RecommendationLogWriter(null, new SimpleMeterRegistry(), 10_000);
        for (int n = 0; n < ServedLists.LISTS_PER_WRITE - 1; n++) {
            logs.log(list(n, SERVED));
        }
        assertThat(logs.due(SERVED)).isFalse();
        logs.log(list(ServedLists.LISTS_PER_WRITE, SERVED));
        assertThat(logs.due(SERVED)).isTrue();
    }

    /** A flush makes what was queued before it due at once, and waits until it is written. */
    @Test
    void aFlushMakesTheListsQueuedBeforeItDueUntilTheyAreWritten(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("log.db"), "", "", "", 2))) {
            RecommendationLogStore store = new RecommendationLogStore(db);
            RecommendationLogWriter logs = new RecommendationLogWriter(store, new SimpleMeterRegistry(), 10_000);
            logs.log(list(1, SERVED));
            CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> logs.flush(10_000));
            long deadline = System.currentTimeMillis() + 5_000;
            while (!logs.due(SERVED) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(logs.due(SERVED)).as("due once the flush asked for it").isTrue();
            assertThat(flushed).isNotDone();
            // Written as the ingest writer writes them.
            logs.writeQueued();
            flushed.get(5, TimeUnit.SECONDS);
            assertThat(logs.due(SERVED)).as("nothing left to flush").isFalse();
            assertThat(store.list("r1")).extracting(RecommendationLogStore.ServedRow::itemId).containsExactly("i1");
        }
    }

    private static LoggedList shown(String requestId, String user, long servedAt, String... items) {
        return new LoggedList(requestId, user, "popular", "v1", 1, List.of(items), servedAt, null, null);
    }

    private static Database sqlite(Path dir) {
        return Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("log.db"), "", "", "", 2));
    }

    private static RecommendationLogWriter writer(Database db) {
        return new RecommendationLogWriter(new RecommendationLogStore(db), new SimpleMeterRegistry(), 10_000);
    }

    private static long[] repeatsOf(Database db, String requestId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT repeats, COALESCE(last_served_at, -1), (SELECT COUNT(*)"
                    + " FROM served_lists) FROM served_lists WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : null;
                }
            }
        });
    }

    /**
     * The same list served again to the same user is answered as a numbered repeat of the first and
     * counted on its row, whether the first is still queued or already stored.
     */
    @Test
    void theSameListServedAgainIsARepeatCountedOnTheFirstListsRow(@TempDir Path dir) {
        try (Database db = sqlite(dir)) {
            RecommendationLogStore store = new RecommendationLogStore(db);
            RecommendationLogWriter logs = new RecommendationLogWriter(store, new SimpleMeterRegistry(), 10_000);
            long t = System.currentTimeMillis();
            assertThat(logs.log(shown("first", "u1", t, "i1", "i2"))).isEqualTo("first");
            assertThat(logs.log(shown("second", "u1", t + 1_000, "i1", "i2"))).isEqualTo("first.1");
            logs.writeQueued();
            assertThat(repeatsOf(db, "first")).containsExactly(1, t + 1_000, 1);
            assertThat(logs.log(shown("third", "u1", t + 2_000, "i1", "i2"))).isEqualTo("first.2");
            assertThat(logs.log(shown("fourth", "u1", t + 3_000, "i1", "i2"))).isEqualTo("first.3");
            assertThat(logs.due(t + 2_000 + RecommendationLogWriter.REPEAT_WAIT_MILLIS - 1)).isFalse();
            assertThat(logs.due(t + 2_000 + RecommendationLogWriter.REPEAT_WAIT_MILLIS)).as("repeats wait a while").isTrue();
            logs.writeQueued();
            assertThat(repeatsOf(db, "first")).containsExactly(3, t + 3_000, 1);
            assertThat(logs.due(t + 60_000)).as("nothing left").isFalse();
            assertThat(store.list("first.3")).extracting(RecommendationLogStore.ServedRow::itemId)
                    .as("a repeat's id names the list").containsExactly("i1", "i2");
        }
    }

    /** Another list, another user's, another page or variant, or the same list after the span: rows of their own. */
    @Test
    void onlyTheSameListForTheSameUserWithinTheSpanIsARepeat(@TempDir Path dir) {
        try (Database db = sqlite(dir)) {
            RecommendationLogWriter logs = writer(db);
            long t = System.currentTimeMillis() - LoggedList.REPEAT_SPAN_MILLIS;
            assertThat(logs.log(shown("a", "u1", t, "i1", "i2"))).isEqualTo("a");
            assertThat(logs.log(shown("b", "u2", t + 1, "i1", "i2"))).as("another user").isEqualTo("b");
            assertThat(logs.log(shown("c", "u1", t + 2, "i2", "i1"))).as("another order").isEqualTo("c");
            assertThat(logs.log(shown("d", "u1", t + 3, "i2", "i1"))).isEqualTo("c.1");
            assertThat(logs.log(new LoggedList("e", "u1", "popular", "v1", 3, List.of("i2", "i1"), t + 4, null, null)))
                    .as("another page").isEqualTo("e");
            assertThat(logs.log(new LoggedList("f", "u1", "popular", "v1", 3, List.of("i2", "i1"), t + 5, "x", "b")))
                    .as("in an experiment's variant").isEqualTo("f");
            assertThat(logs.log(new LoggedList("g", "u1", "popular", "v2", 3, List.of("i2", "i1"), t + 6, "x", "b")))
                    .as("from another model version").isEqualTo("g");
            assertThat(logs.log(new LoggedList("h", "u1", "popular", "v2", 3, List.of("i2", "i1"),
                    t + 6 + LoggedList.REPEAT_SPAN_MILLIS, "x", "b"))).as("after the span").isEqualTo("h");
            logs.writeQueued();
            assertThat(repeatsOf(db, "c")).containsExactly(1, t + 3, 7);
        }
    }

    /** An erased user's next list, or one whose first list's row is gone, is logged afresh. */
    @Test
    void afterAnErasureOrWhenTheFirstRowIsGoneTheSameListIsLoggedAfresh(@TempDir Path dir) {
        try (Database db = sqlite(dir)) {
            RecommendationLogWriter logs = writer(db);
            long t = System.currentTimeMillis();
            logs.log(shown("a", "u1", t, "i1"));
            logs.writeQueued();
            logs.forget("u1");
            assertThat(logs.log(shown("b", "u1", t + 1, "i1"))).isEqualTo("b");
            logs.writeQueued();
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("DELETE FROM served_lists WHERE request_id = 'b'")) {
                    return ps.executeUpdate();
                }
            });
            assertThat(logs.log(shown("c", "u1", t + 2, "i1"))).as("counted before the write finds the row gone")
                    .isEqualTo("b.1");
            logs.writeQueued();
            assertThat(logs.log(shown("d", "u1", t + 3, "i1"))).isEqualTo("d");
            logs.writeQueued();
            assertThat(repeatsOf(db, "d")).containsExactly(0, -1, 2);
        }
    }

    /** A flush waits for the repeats counted before it too. */
    @Test
    void aFlushWaitsForTheRepeatsCountedBeforeIt(@TempDir Path dir) throws Exception {
        try (Database db = sqlite(dir)) {
            RecommendationLogWriter logs = writer(db);
            long t = System.currentTimeMillis();
            logs.log(shown("a", "u1", t, "i1"));
            logs.writeQueued();
            logs.log(shown("b", "u1", t, "i1"));
            assertThat(logs.due(t)).isFalse();
            CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> logs.flush(10_000));
            long deadline = System.currentTimeMillis() + 5_000;
            while (!logs.due(t) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(flushed).isNotDone();
            logs.writeQueued();
            flushed.get(5, TimeUnit.SECONDS);
            assertThat(repeatsOf(db, "a")).containsExactly(1, t, 1);
        }
    }
}
