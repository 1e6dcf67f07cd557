package dev.brisk.server.http;

import dev.brisk.core.event.EventValidator;
import dev.brisk.core.event.Ids;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks a request's query parameters: each getter returns a valid value or throws an
 * {@link ApiException} that names the parameter and what it accepts. Unknown parameters are
 * refused, so that a typo is an error rather than a silently ignored setting.
 */
public final class Query {
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})\\s*([mhdw])");

    private final Context ctx;

    private Query(Context ctx) {
        this.ctx = ctx;
    }

    /** Checks that only the named parameters are present. */
    public static Query of(Context ctx, String... allowed) {
        Set<String> unknown = new TreeSet<>(ctx.queryParamMap().keySet());
        unknown.removeAll(Set.of(allowed));
        if (!unknown.isEmpty()) {
            throw ApiException.invalid("Unknown query parameter " + String.join(", ", unknown)
                    + (allowed.length == 0 ? "; this endpoint takes none" : "; accepted: " + String.join(", ", allowed)),
                    Map.of("unknown", List.copyOf(unknown)));
        }
        return new Query(ctx);
    }

    private Optional<String> raw(String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("Query parameter " + name + " is given " + values.size() + " times; give it once");
        }
        return Optional.of(values.get(0).trim());
    }

    public String requiredId(String name) {
        return raw(name).map(v -> checkId(name, v))
                .orElseThrow(() -> ApiException.badRequest("Query parameter " + name + " is required"));
    }

    public Optional<String> optionalText(String name, int maxLength) {
        Optional<String> value = raw(name).filter(v -> !v.isEmpty());
        value.ifPresent(v -> {
            if (v.length() > maxLength || v.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("Query parameter " + name + " must be at most " + maxLength
                        + " printable characters");
            }
        });
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw ApiException.badRequest("Query parameter " + name + " must be from " + min + " to " + max
                        + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter " + name + " must be a whole number, got '" + value.get() + "'");
        }
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("Query parameter " + name + " must be true or false, got '"
                    + value.get() + "'");
        };
    }

    /** A duration like 30m, 24h, 7d or 2w. */
    public Optional<Duration> window(String name) {
        return raw(name).filter(v -> !v.isEmpty()).map(v -> parseWindow(name, v));
    }

    static Duration parseWindow(String name, String text) {
        Matcher m = WINDOW.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw ApiException.badRequest("Query parameter " + name + " must be a duration like 30m, 24h, 7d or 2w, got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (d.compareTo(Duration.ofDays(3650)) > 0) {
            throw ApiException.badRequest("Query parameter " + name + " must be at most 3650 days");
        }
        return d;
    }

    /** A list of ids, comma-separated and/or repeated. */
    public Set<String> idList(String name, int max) {
        Set<String> ids = new LinkedHashSet<>();
        for (String value : ctx.queryParams(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    ids.add(checkId(name, part.trim()));
                }
            }
        }
        if (ids.size() > max) {
            throw ApiException.badRequest("Query parameter " + name + " takes at most " + max + " ids, got " + ids.size());
        }
        return ids;
    }

    /** A timestamp as ISO-8601 or epoch milliseconds. */
    public Optional<Long> timestamp(String name) {
        return raw(name).filter(v -> !v.isEmpty()).map(v -> {
            Long t = EventValidator.parseTimestamp(v);
            if (t == null) {
                throw ApiException.badRequest("Query parameter " + name
                        + " must be ISO-8601 or epoch milliseconds, got '" + v + "'");
            }
            return t;
        });
    }

    public Optional<String> rawValue(String name) {
        return raw(name);
    }

    /** Checks an id from a path or query against the id rules. */
    public static String checkId(String name, String value) {
        Ids.problemWithText(value).ifPresent(problem -> {
            throw ApiException.badRequest(name + " " + problem);
        });
        return value;
    }

}
