package dev.brisk.core.catalog;

import dev.brisk.core.event.Ids;
import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns one decoded JSON object into an {@link Item}, or lists every problem with it. */
public final class ItemValidator {
    public static final int MAX_TITLE = 500;
    public static final int MAX_GENRES = 20;
    public static final int MAX_GENRE_LENGTH = 64;
    public static final int MAX_PROPERTIES = Attributes.MAX_PROPERTIES;
    public static final int MAX_PROPERTY_LENGTH = Attributes.MAX_PROPERTY_LENGTH;
    /** The fields an item object may have. */
    public static final Set<String> FIELDS = Set.of("item_id", "title", "genres", "labels", "properties", "active",
            "created_at");

    /**
     * Validates an item; {@code pathId}, when not null, is the id from the URL and the body may
     * omit {@code item_id} (or must repeat it).
     */
    public Validated<Item> validate(Map<String, ?> input, String pathId, long nowMillis) {
        List<Problem> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(input.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            problems.add(new Problem(String.join(",", unknown), "unknown field; accepted fields are "
                    + String.join(", ", new TreeSet<>(FIELDS))));
        }
        String itemId = itemId(input.get("item_id"), pathId, problems);
        String title = title(input.get("title"), problems);
        List<String> genres = genres(input.get("genres"), problems);
        List<String> labels = Attributes.labels(input.get("labels"), problems);
        Map<String, Object> properties = Attributes.properties(input.get("properties"), problems);
        boolean active = true;
        Object rawActive = input.get("active");
        if (rawActive != null) {
            if (rawActive instanceof Boolean b) {
                active = b;
            } else {
                problems.add(new Problem("active", "must be true or false"));
            }
        }
        long createdAt = nowMillis;
        Object rawCreated = input.get("created_at");
        if (rawCreated != null) {
            Long parsed = dev.brisk.core.event.EventValidator.parseTimestamp(rawCreated);
            if (parsed == null || parsed < 0) {
                problems.add(new Problem("created_at", "must be ISO-8601 or epoch milliseconds, got '" + rawCreated + "'"));
            } else {
                createdAt = parsed;
            }
        }
        if (!problems.isEmpty()) {
            return Validated.failed(problems);
        }
        return Validated.ok(new Item(itemId, title == null ? itemId : title, genres, properties, createdAt, active,
                labels));
    }

    private static String itemId(Object raw, String pathId, List<Problem> problems) {
        if (raw == null && pathId != null) {
            return pathId;
        }
        var problem = Ids.problemWith(raw);
        if (problem.isPresent()) {
            problems.add(new Problem("item_id", problem.get()));
            return null;
        }
        String id = Ids.text(raw);
        if (pathId != null && !pathId.equals(id)) {
            problems.add(new Problem("item_id", "is '" + id + "' in the body but '" + pathId + "' in the path"));
        }
        return id;
    }

    private static String title(Object raw, List<Problem> problems) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String title) || title.isBlank() || title.length() > MAX_TITLE) {
            problems.add(new Problem("title", "must be a non-empty string of at most " + MAX_TITLE + " characters"));
            return null;
        }
        if (!Ids.isValidUnicode(title)) {
            problems.add(new Problem("title", "must be valid Unicode text without NUL or a lone surrogate"));
            return null;
        }
        return title.trim();
    }

    private static List<String> genres(Object raw, List<Problem> problems) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list) || list.size() > MAX_GENRES) {
            problems.add(new Problem("genres", "must be a list of at most " + MAX_GENRES + " strings"));
            return List.of();
        }
        List<String> genres = new ArrayList<>();
        for (Object g : list) {
            if (!(g instanceof String genre) || genre.isBlank() || genre.length() > MAX_GENRE_LENGTH
                    || genre.contains("|") || genre.chars().anyMatch(Character::isISOControl)
                    || !Ids.isValidUnicode(genre)) {
                problems.add(new Problem("genres", "each genre must be a non-empty string of at most "
                        + MAX_GENRE_LENGTH + " characters without '|'"));
                return List.of();
            }
            if (!genres.contains(genre.trim())) {
                genres.add(genre.trim());
            }
        }
        return genres;
    }
}
