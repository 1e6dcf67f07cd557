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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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
                unattributed -> { }, 1);
    }
}
