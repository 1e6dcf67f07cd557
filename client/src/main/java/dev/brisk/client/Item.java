package dev.brisk.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An item of the catalog as stored. Property values keep their JSON type: text is a {@code String},
 * a number an {@code Integer}, {@code Long} or {@code Double} (as the value fits), a boolean a {@code Boolean}.
 */
public record Item(String itemId, String title, List<String> genres, List<String> labels, Map<String, Object> properties,
                   Instant createdAt, boolean active) {
}
