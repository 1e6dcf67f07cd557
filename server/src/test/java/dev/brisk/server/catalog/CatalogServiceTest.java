package dev.brisk.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Item;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ItemStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change this instance commits is never undone in memory by the change feed's refresh running at
 * the same time (which may have read the item just before the commit).
 */
class CatalogServiceTest {
    @TempDir
    Path dir;

    @Test
    void aRefreshRunningBesideALocalChangeNeverPutsTheOldItemBack() throws Exception {
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("catalog.db"), "", "", "", 4))) {
            CatalogService catalog = new CatalogService(new ItemStore(db));
            catalog.reload();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread feed = new Thread(() -> {
                try {
                    while (running.get()) {
                        catalog.refresh();
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "change-feed");
            feed.start();
            try {
                for (int i = 0; i < 300; i++) {
                    String id = "item-" + i;
                    catalog.upsert(List.of(new Item(id, "Item " + i, List.of(), Map.of(), 1_000L + i, true)));
                    assertThat(catalog.find(id)).as("%s after it was stored", id).hasValueSatisfying(item ->
                            assertThat(item.active()).isTrue());
                    assertThat(catalog.deactivate(id)).isTrue();
                    assertThat(catalog.find(id)).as("%s right after it was deactivated", id).hasValueSatisfying(item ->
                            assertThat(item.active()).isFalse());
                }
            } finally {
                running.set(false);
                feed.join();
            }
            assertThat(failed.get()).isNull();
            catalog.refresh();
            assertThat(catalog.current().find("item-299")).hasValueSatisfying(item -> assertThat(item.active()).isFalse());
        }
    }
}
