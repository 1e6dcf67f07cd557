package dev.brisk.server.cli;

import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.server.store.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brisk generate}: writes a synthetic catalog ({@code items.json}) and interaction history
 * ({@code events.ndjson}) to a folder, ready for {@code brisk import items} and {@code brisk import events}
 * (or {@code POST /items} and {@code POST /events}).
 */
@Command(name = "generate", description = "Write synthetic items and events (seeded, reproducible) to a folder.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "data/generated", description = "Folder to write to (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--items", defaultValue = "1200", description = "Items (default: ${DEFAULT-VALUE}).")
    int items;
    @Option(names = "--users", defaultValue = "500", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--events", defaultValue = "50000", description = "Events (default: ${DEFAULT-VALUE}).")
    int events;
    @Option(names = "--days", defaultValue = "42", description = "Days of history ending now (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws IOException {
        DemoDataGenerator.Config config;
        try {
            config = new DemoDataGenerator.Config(seed, items, users, events, days, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            System.err.println("brisk generate: " + e.getMessage());
            return 1;
        }
        DemoData data;
        try {
            data = new DemoDataGenerator().generate(config);
        } catch (OutOfMemoryError e) {
            // Nothing else lives in this JVM: the generated data is garbage once this returns.
            System.err.printf("brisk generate: %,d events do not fit in this JVM's heap (%,d MB); the events are held"
                    + " in memory to be ordered in time. Give it more with BRISK_HEAP, e.g. BRISK_HEAP=8g for"
                    + " 10,000,000 events.%n", events, Runtime.getRuntime().maxMemory() >> 20);
            return 1;
        }
        Files.createDirectories(out);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("items.json").toFile(),
                data.items().stream().map(item -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("item_id", item.itemId());
                    m.put("title", item.title());
                    m.put("genres", item.genres());
                    m.put("properties", item.properties());
                    return m;
                }).toList());
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("events.ndjson"), StandardCharsets.UTF_8)) {
            for (Event e : data.events()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("event_id", e.eventId());
                m.put("user_id", e.userId());
                m.put("item_id", e.itemId());
                m.put("event_type", e.type().wireName());
                if (e.hasRating()) {
                    m.put("rating", e.rating());
                }
                m.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
                m.put("session_id", e.sessionId());
                m.put("source", e.source());
                w.write(Json.write(m));
                w.newLine();
            }
        }
        System.out.printf("Wrote %d items and %d events to %s%n", data.items().size(), data.events().size(), out);
        return 0;
    }
}
