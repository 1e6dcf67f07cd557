package dev.brisk.core.catalog;

import dev.brisk.core.event.Ids;
import dev.brisk.core.event.Problem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The free description an item or a user carries: labels (categories, a list of short strings)
 * and properties (a JSON object whose values are strings, numbers or booleans; a number stays a
 * number). Validation adds every problem to the list given and never throws.
 */
public final class Attributes {
    public static final int MAX_LABELS = 50;
    public static final int MAX_LABEL_LENGTH = 64;
    public static final int MAX_PROPERTIES = 100;
    public static final int MAX_PROPERTY_LENGTH = 2_000;
    public static final int MAX_PROPERTY_NAME_LENGTH = 128;

    private Attributes() {
    }

    /** The labels of {@code raw} (null: none), trimmed and without repeats. */
    public static List<String> labels(Object raw, List<Problem> problems) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list) || list.size() > MAX_LABELS) {
            problems.add(new Problem("labels", "must be a list of at most " + MAX_LABELS + " strings"));
            return List.of();
        }
        List<String> labels = new ArrayList<>();
        for (Object l : list) {
            if (!(l instanceof String label) || label.isBlank() || label.trim().length() > MAX_LABEL_LENGTH
                    || label.chars().anyMatch(Character::isISOControl) || !Ids.isValidUnicode(label)) {
                problems.add(new Problem("labels", "each label must be a non-empty string of at most "
                        + MAX_LABEL_LENGTH + " characters without control characters"));
                return List.of();
            }
            if (!labels.contains(label.trim())) {
                labels.add(label.trim());
            }
        }
        return labels;
    }

    /** The properties of {@code raw} (null: none); each problem names its property. */
    public static Map<String, Object> properties(Object raw, List<Problem> problems) {
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map) || map.size() > MAX_PROPERTIES) {
            problems.add(new Problem("properties", "must be an object of at most " + MAX_PROPERTIES + " entries"));
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = e.getKey().toString();
            if (name.isEmpty() || name.length() > MAX_PROPERTY_NAME_LENGTH || !Ids.isValidUnicode(name)) {
                problems.add(new Problem("properties", "a property name must be 1 to " + MAX_PROPERTY_NAME_LENGTH
                        + " characters of valid Unicode"));
                continue;
            }
            Object value = value(e.getValue());
            if (value == null) {
                problems.add(new Problem("properties." + name, "must be a string, a finite number or a boolean of at most "
                        + MAX_PROPERTY_LENGTH + " characters of valid Unicode"));
                continue;
            }
            out.put(name, value);
        }
        return out;
    }

    /**
     * A property value in its one in-memory form (a String, a Long for a whole number, a Double
     * for another number, a Boolean), or null when it is none of these.
     */
    public static Object value(Object raw) {
        if (raw instanceof Boolean) {
            return raw;
        }
        if (raw instanceof String s) {
            return s.length() <= MAX_PROPERTY_LENGTH && Ids.isValidUnicode(s) ? s : null;
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        if (raw instanceof Double || raw instanceof Float || raw instanceof BigDecimal) {
            double d = ((Number) raw).doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }

    /** Properties in their one in-memory form; a value of no accepted kind is kept as its text. */
    public static Map<String, Object> normalized(Map<String, ?> properties) {
        if (properties == null || properties.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((name, raw) -> {
            Object value = value(raw);
            out.put(name, value != null ? value : String.valueOf(raw));
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
