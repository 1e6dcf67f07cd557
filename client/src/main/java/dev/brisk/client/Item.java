package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An item of the catalog as stored (property values come back as text). */
public record Item(String itemId, String title, List<String> genres, Map<String, String> properties, Instant createdAt, boolean active) {
}
