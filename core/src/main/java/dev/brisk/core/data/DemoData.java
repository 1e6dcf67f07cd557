package dev.brisk.core.data;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import java.util.List;

/**
 * A synthetic catalog and the interaction history over it, as made by {@link DemoDataGenerator}.
 * Both lists are immutable; {@code events} are sorted by timestamp ascending.
 */
public record DemoData(List<Item> items, List<Event> events) {

    public DemoData {
        items = List.copyOf(items);
        events = List.copyOf(events);
    }
}
