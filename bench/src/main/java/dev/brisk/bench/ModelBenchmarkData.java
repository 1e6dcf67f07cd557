package dev.brisk.bench;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.InteractionMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generated interaction data for the model benchmarks: a fixed seed, so every run measures the same data. */
final class ModelBenchmarkData {
    static final long END = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

    final InteractionLog log;
    final Catalog catalog;
    final List<String> catalogIds;
    /** Histories (newest first) of the first users, for scoring benchmarks. */
    final List<List<Event>> histories;

    private ModelBenchmarkData(InteractionLog log, Catalog catalog, List<List<Event>> histories) {
        this.log = log;
        this.catalog = catalog;
        this.histories = histories;
        List<String> ids = new ArrayList<>();
        for (Item item : catalog.items()) {
            ids.add(item.itemId());
        }
        ids.sort(null);
        this.catalogIds = ids;
    }

    static ModelBenchmarkData generate(int items, int users, int events, int keepHistories) {
        DemoData data = new DemoDataGenerator().generate(new DemoDataGenerator.Config(11, items, users, events, 90, END));
        InteractionLog.Builder builder = InteractionLog.builder();
        Map<String, List<Event>> byUser = new LinkedHashMap<>();
        for (Event e : data.events()) {
            builder.add(e);
            if (byUser.size() < keepHistories || byUser.containsKey(e.userId())) {
                byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
            }
        }
        List<List<Event>> histories = new ArrayList<>();
        for (List<Event> history : byUser.values()) {
            List<Event> newestFirst = new ArrayList<>(history);
            java.util.Collections.reverse(newestFirst);
            histories.add(newestFirst);
        }
        return new ModelBenchmarkData(builder.build(), Catalog.of(data.items()), histories);
    }

    InteractionMatrix matrix() {
        return InteractionMatrix.build(log, catalogIds, InteractionMatrix.Settings.defaults(), END);
    }
}
