package dev.brisk.core.model;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small hand-made data for model tests: two taste groups. Comedy fans (c-users) view and click
 * comedies c1..c4, horror fans (h-users) horror films h1..h4; c1/c2 and h1/h2 are the most
 * watched of their group. One drama, d1, nobody has touched yet.
 */
final class ModelFixtures {
    static final long T0 = 1_700_000_000_000L;
    static final InteractionMatrix.Settings SETTINGS = new InteractionMatrix.Settings(FeedbackWeights.defaults(), 0, 7);

    private ModelFixtures() {
    }

    static Catalog catalog() {
        List<Item> items = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            items.add(new Item("c" + i, "Comedy " + i, List.of("Comedy"), Map.of("language", "en"), T0, true));
            items.add(new Item("h" + i, "Horror " + i, List.of("Horror", "Thriller"), Map.of("language", "fr"), T0, true));
        }
        items.add(new Item("d1", "Drama 1", List.of("Drama"), Map.of("language", "en"), T0, true));
        return Catalog.of(items);
    }

    static InteractionLog log() {
        InteractionLog.Builder b = InteractionLog.builder();
        long t = T0;
        for (int u = 1; u <= 6; u++) {
            for (String group : new String[] {"c", "h"}) {
                String user = group + "user" + u;
                // Everyone in a group sees items 1 and 2; items 3 and 4 by alternating users.
                b.add(user, group + "1", EventType.VIEW, Double.NaN, t++);
                b.add(user, group + "2", EventType.VIEW, Double.NaN, t++);
                b.add(user, group + "2", EventType.CLICK, Double.NaN, t++);
                b.add(user, group + (u % 2 == 0 ? "3" : "4"), EventType.VIEW, Double.NaN, t++);
                b.add(user, group + "1", EventType.IMPRESSION, Double.NaN, t++);
            }
        }
        return b.build();
    }

    static InteractionMatrix matrix() {
        return InteractionMatrix.build(log(), catalog().items().stream().map(Item::itemId).sorted().toList(), SETTINGS,
                T0 + 1_000_000);
    }

    static Event event(String user, String item, EventType type, long time) {
        return new Event(null, user, item, type, Double.NaN, time, null, null, null);
    }

    /** A history, newest first, of views of the given items (the first given is the newest). */
    static List<Event> views(String user, String... items) {
        List<Event> out = new ArrayList<>();
        for (int k = 0; k < items.length; k++) {
            out.add(event(user, items[k], EventType.VIEW, T0 + 10_000_000 - k));
        }
        return out;
    }

    static RecommendQuery query(List<Event> history, int n) {
        return new RecommendQuery("someone", history, n, null, CandidateFilter.ANY);
    }

    static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }
}
