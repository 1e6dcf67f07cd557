package dev.brisk.server.cli;

import dev.brisk.core.event.Event;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.ingest.GroupWriter;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.store.ItemStore;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.RecommendationLogStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The configured database as the import commands write to it: the catalog, and events through the
 * same writer as live events (duplicate ids skipped, sessions, profiles, click attribution).
 */
final class ImportTarget implements AutoCloseable {
    private final Database db;
    private final CatalogService catalog;
    private final EventWriter writer;
    private long stored;
    private long duplicates;
    private long conflicts;

    ImportTarget(BriskConfig config) {
        this.db = Database.open(config.database());
        try {
            this.catalog = new CatalogService(new ItemStore(db));
            catalog.reload();
            this.writer = new EventWriter(db, new EventLog(db), new ProfileStore(db), new RecommendationLogStore(db),
                    catalog, new ProfileAggregator(config.weights()),
                    new Sessions(Duration.ofMinutes(config.sessionGapMinutes()).toMillis()),
                    Duration.ofMinutes(config.clickWindowMinutes()).toMillis(),
                    unattributed -> { }, config.ingestWriterCount(), config.ingestProfilesKept());
            writer.start(java.util.concurrent.Executors.defaultThreadFactory());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    CatalogService catalog() {
        return catalog;
    }

    /** Writes the events in one transaction and empties the list. */
    void write(List<Event> pending) {
        if (pending.isEmpty()) {
            return;
        }
        GroupWriter.Outcome outcome = writer.writeGroup(new ArrayList<>(pending), System.currentTimeMillis());
        long fresh = outcome.stored().stream().filter(Objects::nonNull).count();
        stored += fresh;
        conflicts += outcome.conflicts().size();
        duplicates += pending.size() - fresh - outcome.conflicts().size();
        pending.clear();
    }

    /** Events stored by this import, so far. */
    long stored() {
        return stored;
    }

    /** Events whose id was already stored with the same content. */
    long duplicates() {
        return duplicates;
    }

    /** Events whose id was already stored with other content: the stored one was kept. */
    long conflicts() {
        return conflicts;
    }

    @Override
    public void close() {
        writer.close();
        db.close();
    }
}
