package dev.brisk.bench;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.InteractionLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The product's demo data set (1,200 items, 500 users, 50,000 events), generated once per JMH
 * fork with a fixed clock so that every run benchmarks the same data.
 */
final class DemoFixture {
    /** 2025-01-01T00:00:00Z: the end of the demo event window. */
    static final long NOW = 1_735_689_600_000L;
    static final DemoData DATA = new DemoDataGenerator().generate(DemoDataGenerator.Config.demo(NOW));
    static final Catalog CATALOG = Catalog.of(DATA.items());

    private DemoFixture() {
    }

    static InteractionLog log() {
        InteractionLog.Builder builder = InteractionLog.builder();
        DATA.events().forEach(builder::add);
        return builder.build();
    }

    /** The user's events newest first, as the recommend path reads them. */
    static List<Event> historyOf(String userId) {
        List<Event> history = new ArrayList<>();
        for (Event e : DATA.events()) {
            if (e.userId().equals(userId)) {
                history.add(e);
            }
        }
        history.sort(Comparator.comparingLong(Event::timestamp).reversed());
        return history;
    }

    /** The user with the history length closest to {@code target}, e.g. a typical or a heavy user. */
    static String userWithAbout(int target) {
        Map<String, Integer> counts = new HashMap<>();
        DATA.events().forEach(e -> counts.merge(e.userId(), 1, Integer::sum));
        return counts.entrySet().stream()
                .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> Math.abs(e.getValue() - target))
                        .thenComparing(Map.Entry::getKey))
                .orElseThrow().getKey();
    }
}
