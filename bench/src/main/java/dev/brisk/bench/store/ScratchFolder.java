package dev.brisk.bench.store;

import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.store.ItemStore;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.RecommendationLogStore;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the store benchmarks share: their list arguments, the temporary folder each setting writes in,
 * and the ingest writer they time.
 */
final class ScratchFolder {
    private ScratchFolder() {
    }

    /** A comma-separated list of whole numbers. */
    static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Deletes a folder of files (a database with its WAL and shared-memory files). */
    static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The ingest writer as the service builds it (one transaction per group, 30-minute sessions and click window). */
    static EventWriter eventWriter(Database db) {
        CatalogService catalog = new CatalogService(new ItemStore(db));
        catalog.reload();
        return new EventWriter(db, new EventLog(db), new ProfileStore(db), new RecommendationLogStore(db), catalog,
                new ProfileAggregator(FeedbackWeights.defaults()), new Sessions(30 * 60_000L), 30 * 60_000L,
                unattributed -> { }, 1, 0);
    }

    /**
     * A group of views and clicks (one in ten) with random event ids, of random users {@code u0..} and
     * items {@code i0..}, one second apart after {@code after}; the last one's time is {@code after + n} seconds.
     */
    static List<Event> randomEvents(SplittableRandom random, int n, int users, int items, long after) {
        List<Event> group = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            EventType type = random.nextInt(10) == 0 ? EventType.CLICK : EventType.VIEW;
            group.add(new Event(new UUID(random.nextLong(), random.nextLong()).toString(), "u" + random.nextInt(users),
                    "i" + random.nextInt(items), type, Double.NaN, after + i * 1_000L, null, null, null));
        }
        return group;
    }
}
