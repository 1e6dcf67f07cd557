package dev.brisk.core.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one decoded JSON object into an {@link Event}, or lists every problem with it. Pure: the
 * current time is passed in, nothing is thrown for bad input.
 */
public final class EventValidator {
    public static final double MIN_RATING = 0.5;
    public static final double MAX_RATING = 5.0;
    /** The earliest time an event may have: the Unix epoch, 1970-01-01T00:00:00Z. */
    public static final long EARLIEST_TIMESTAMP = 0L;
    /**
     * A number of epoch milliseconds below this (before 1973-03-03) is taken to be seconds: seconds
     * of any time from 1973 to the year 5138 fall below it, so the mistake is caught, while history
     * from before 1973 can still be sent as an ISO-8601 string.
     */
    public static final long SECONDS_BELOW = 100_000_000_000L;
    /** How far ahead of the server's clock an event may claim to be (clock skew between hosts). */
    public static final long MAX_FUTURE_SKEW_MS = 24L * 3600 * 1000;

    /** The most characters an event's metadata may take (keys and values, as counted by {@link #metadataSize}). */
    public static final int MAX_METADATA_SIZE = 8192;

    /** The fields an event object may have. */
    public static final Set<String> FIELDS = Set.of("event_id", "user_id", "item_id", "event_type", "rating",
            "timestamp", "session_id", "source", "recommendation_id", "metadata");

    private final String defaultSource;
    private final EventTypes types;

    /** A validator of the built-in types that leaves {@code source} null when an input has none. */
    public EventValidator() {
        this(null, EventTypes.BUILT_IN);
    }

    /**
     * @param defaultSource the {@code source} of an event that names none (the HTTP API uses "web",
     *                      as the system Brisk replaces did); null to leave it absent
     * @param types         the accepted event types
     */
    public EventValidator(String defaultSource, EventTypes types) {
        this.defaultSource = defaultSource;
        this.types = types;
    }

    /** Validates one event object received at {@code nowMillis}. */
    public Validated<Event> validate(Map<String, ?> input, long nowMillis) {
        List<Problem> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(input.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            problems.add(new Problem(String.join(",", unknown),
                    "unknown field; accepted fields are " + String.join(", ", new TreeSet<>(FIELDS))));
        }
        String userId = requiredId(input, "user_id", problems);
        String itemId = requiredId(input, "item_id", problems);
        EventType type = eventType(input.get("event_type"), problems);
        double rating = rating(input.get("rating"), type, problems);
        long timestamp = timestamp(input.get("timestamp"), nowMillis, problems);
        String eventId = optionalId(input, "event_id", problems);
        String sessionId = optionalId(input, "session_id", problems);
        String source = optionalId(input, "source", problems);
        String recommendationId = optionalId(input, "recommendation_id", problems);
        Map<String, Object> metadata = metadata(input.get("metadata"), problems);
        if (!problems.isEmpty()) {
            return Validated.failed(problems);
        }
        return Validated.ok(new Event(eventId, userId, itemId, type, rating, timestamp, sessionId,
                source == null ? defaultSource : source, recommendationId, metadata));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Object raw, List<Problem> problems) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(new Problem("metadata", "must be a JSON object"));
            return null;
        }
        long size = metadataSize(map);
        if (size > MAX_METADATA_SIZE) {
            problems.add(new Problem("metadata", "must be at most " + MAX_METADATA_SIZE
                    + " characters of keys and values, got about " + size));
            return null;
        }
        return (Map<String, Object>) map;
    }

    /**
     * A bound on the stored size of a decoded JSON value: the characters of its keys and texts, and
     * a few for every other value. It stops counting past the limit, so a huge input costs little.
     */
    static long metadataSize(Object value) {
        if (value instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += String.valueOf(e.getKey()).length() + 4 + metadataSize(e.getValue());
                if (size > MAX_METADATA_SIZE) {
                    return size;
                }
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2;
            for (Object item : list) {
                size += 1 + metadataSize(item);
                if (size > MAX_METADATA_SIZE) {
                    return size;
                }
            }
            return size;
        }
        return value instanceof String text ? text.length() + 2 : String.valueOf(value).length();
    }

    private static String requiredId(Map<String, ?> input, String field, List<Problem> problems) {
        Object raw = input.get(field);
        Optional<String> problem = Ids.problemWith(raw);
        if (problem.isPresent()) {
            problems.add(new Problem(field, problem.get()));
            return null;
        }
        return Ids.text(raw);
    }

    private static String optionalId(Map<String, ?> input, String field, List<Problem> problems) {
        Object raw = input.get(field);
        return raw == null ? null : requiredId(input, field, problems);
    }

    private EventType eventType(Object raw, List<Problem> problems) {
        if (raw == null) {
            problems.add(new Problem("event_type", "is required; one of " + types.wireNames()));
            return null;
        }
        Optional<EventType> type = raw instanceof String s ? types.fromWire(s) : Optional.empty();
        if (type.isEmpty()) {
            problems.add(new Problem("event_type", "unknown type '" + raw + "'; one of " + types.wireNames()));
            return null;
        }
        return type.get();
    }

    private static double rating(Object raw, EventType type, List<Problem> problems) {
        if (raw == null) {
            if (type == EventType.RATING) {
                problems.add(new Problem("rating", "is required for a rating event (" + MIN_RATING + " to " + MAX_RATING + ")"));
            }
            return Double.NaN;
        }
        if (type != null && type != EventType.RATING) {
            problems.add(new Problem("rating", "is only allowed on a rating event, not on " + type.wireName()));
            return Double.NaN;
        }
        if (!(raw instanceof Number number)) {
            problems.add(new Problem("rating", "must be a number from " + MIN_RATING + " to " + MAX_RATING));
            return Double.NaN;
        }
        double value = number.doubleValue();
        if (!(value >= MIN_RATING && value <= MAX_RATING)) {
            problems.add(new Problem("rating", "must be from " + MIN_RATING + " to " + MAX_RATING + ", got " + raw));
            return Double.NaN;
        }
        return value;
    }

    private static long timestamp(Object raw, long nowMillis, List<Problem> problems) {
        if (raw == null) {
            return nowMillis;
        }
        Long millis = parseTimestamp(raw);
        if (millis == null) {
            problems.add(new Problem("timestamp",
                    "must be ISO-8601 (2024-05-01T12:00:00Z) or epoch milliseconds, got '" + raw + "'"));
            return 0;
        }
        if (millis < EARLIEST_TIMESTAMP) {
            problems.add(new Problem("timestamp", "is before 1970-01-01, got " + raw));
        } else if (isNumeric(raw) && millis < SECONDS_BELOW) {
            problems.add(new Problem("timestamp", "looks like seconds; send epoch milliseconds (" + millis * 1000
                    + " for " + millis + " s), or an ISO-8601 string for a time before 1973-03-03"));
        } else if (millis > nowMillis + MAX_FUTURE_SKEW_MS) {
            problems.add(new Problem("timestamp", "is more than a day in the future: " + raw));
        }
        return millis;
    }

    /** Whether a timestamp was sent as a number (or a string of digits) rather than as a date. */
    private static boolean isNumeric(Object raw) {
        return raw instanceof Number || raw instanceof String text && text.trim().chars().allMatch(Character::isDigit);
    }

    /**
     * A date and time without an offset ({@code 2024-05-01T12:00:00.123456}, what Python's
     * {@code datetime.isoformat()} writes, as the replaced system's clients send) is taken as UTC.
     */
    private static Long localAsUtc(String text) {
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException notLocal) {
            return null;
        }
    }

    /**
     * Epoch millis from an ISO-8601 string (with an offset, or without one meaning UTC), an
     * integral number or a string of digits; null if neither.
     */
    public static Long parseTimestamp(Object raw) {
        if (raw instanceof Number number) {
            double value = number.doubleValue();
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? number.longValue() : null;
        }
        if (!(raw instanceof String text) || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() < 16) {
            return Long.parseLong(trimmed);
        }
        try {
            return Instant.parse(trimmed).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(trimmed).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                return localAsUtc(trimmed);
            }
        }
    }
}
