package dev.brisk.server.app;

import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.server.ingest.EventWriter;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.EventAnalytics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty database with generated demo data (catalog and interaction history), through
 * the same writer as live events so that profiles and sessions are built the same way.
 */
public final class DemoDataLoader {
    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);
    private static final int CHUNK = 5_000;

    private final CatalogService catalog;
    private final EventAnalytics events;
    private final EventWriter writer;

    public DemoDataLoader(CatalogService catalog, EventAnalytics events, EventWriter writer) {
        this.catalog = catalog;
        this.events = events;
        this.writer = writer;
    }

    /** Loads demo data when the database holds neither items nor events; true when it did. */
    public boolean loadIfEmpty(DemoDataGenerator.Config config) {
        if (events.count() > 0 || catalog.current().size() > 0) {
            return false;
        }
        long started = System.currentTimeMillis();
        DemoData data = new DemoDataGenerator().generate(config);
        catalog.upsert(data.items());
        load(data.events());
        log.info("Loaded demo data: {} items, {} users, {} events in {} ms", data.items().size(), config.users(),
                data.events().size(), System.currentTimeMillis() - started);
        return true;
    }

    /** Writes events in chunks, each in its own transaction. */
    public void load(List<Event> all) {
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Event> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            writer.write(chunk, chunk.get(chunk.size() - 1).timestamp());
        }
    }
}
