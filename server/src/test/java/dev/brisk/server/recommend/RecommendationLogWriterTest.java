package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.ingest.ServedLists;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.LoggedList;
import dev.brisk.server.store.RecommendationLogStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
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
            List<LoggedList> drained = new ArrayList<>();
            assertThat(logs.drainTo(drained, ServedLists.LISTS_PER_WRITE)).isEqualTo(1);
            logs.write(drained);
            flushed.get(5, TimeUnit.SECONDS);
            assertThat(logs.due(SERVED)).as("nothing left to flush").isFalse();
            assertThat(store.list("r1")).extracting(RecommendationLogStore.ServedRow::itemId).containsExactly("i1");
        }
    }
}
