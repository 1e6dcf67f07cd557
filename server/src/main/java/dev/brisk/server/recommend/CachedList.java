package dev.brisk.server.recommend;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import dev.brisk.server.store.Json;
import dev.brisk.server.store.LoggedList;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A served list as the cache keeps it: the parts of the {@code /recommend} body that are the same
 * for every request, already encoded as JSON, and the item ids that a hit's checks and the
 * served-list log need. A hit is answered by splicing the request's own fields ({@code request_id},
 * {@code cached}, {@code took_ms}) and its page into the stored text: nothing is decoded or encoded
 * again, and the page's item ids reach the log as one newline-joined text.
 * <p>The text, line by line: the format's name; the model; its version; cold start (0 or 1);
 * where each item's JSON ends, comma-separated; each item id (a line each, in rank order); the
 * body's {@code user_id}, {@code model} and {@code model_version} fields; then the items' JSON,
 * comma-separated, to the end. Ids hold no control characters, and Jackson writes none into JSON
 * text, so no part holds a line break. Text in any other form (such as a list cached as JSON by an
 * older version) is not read: it counts as a miss, and the list is made and stored again.
 */
final class CachedList {
    static final String FORMAT = "brisk-list/2";
    private static final JavaType ENTRIES = Json.MAPPER.getTypeFactory()
            .constructCollectionType(List.class, ServedList.Entry.class);

    private final String text;
    private final String model;
    private final String modelVersion;
    private final boolean coldStart;
    /** Where each id starts, and one more: where the line after the last id starts. */
    private final int[] idStarts;
    private final int fieldsStart;
    private final int fieldsEnd;
    /** Where each item's JSON ends; the next one starts after the comma. */
    private final int[] itemEnds;

    private CachedList(String text, String model, String modelVersion, boolean coldStart, int[] idStarts,
                       int fieldsStart, int fieldsEnd, int[] itemEnds) {
        this.text = text;
        this.model = model;
        this.modelVersion = modelVersion;
        this.coldStart = coldStart;
        this.idStarts = idStarts;
        this.fieldsStart = fieldsStart;
        this.fieldsEnd = fieldsEnd;
        this.itemEnds = itemEnds;
    }

    /** Encodes a list just made for a user; items have the ranks 1, 2, ... in order. */
    static CachedList of(String userId, ServedList.Cached list) {
        List<ServedList.Entry> items = list.items();
        StringWriter json = new StringWriter(128 + 256 * items.size());
        int[] ends = new int[items.size()];
        try (JsonGenerator g = Json.MAPPER.createGenerator(json)) {
            g.writeStartArray();
            for (int i = 0; i < ends.length; i++) {
                Json.MAPPER.writeValue(g, items.get(i));
                g.flush();
                ends[i] = json.getBuffer().length() - 1; // without the opening bracket
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuffer array = json.getBuffer();
        StringBuilder text = new StringBuilder(array.length() + 64 * (items.size() + 2))
                .append(FORMAT).append('\n')
                .append(list.model()).append('\n')
                .append(list.modelVersion()).append('\n')
                .append(list.coldStart() ? '1' : '0').append('\n');
        for (int i = 0; i < ends.length; i++) {
            text.append(i == 0 ? "" : ",").append(ends[i]);
        }
        text.append('\n');
        for (ServedList.Entry e : items) {
            text.append(e.itemId()).append('\n');
        }
        text.append("\"user_id\":").append(Json.write(userId))
                .append(",\"model\":").append(Json.write(list.model()))
                .append(",\"model_version\":").append(Json.write(list.modelVersion())).append('\n')
                .append(array, 1, array.length() - 1);
        CachedList encoded = parse(text.toString());
        if (encoded == null) {
            throw new IllegalStateException("A list of model " + list.model() + " cannot be kept in the cache's form");
        }
        return encoded;
    }

    /** Reads a cached text; null when it is not in this form or is damaged. */
    static CachedList parse(String text) {
        if (!text.startsWith(FORMAT) || text.length() == FORMAT.length() || text.charAt(FORMAT.length()) != '\n') {
            return null;
        }
        int at = FORMAT.length() + 1;
        int end = text.indexOf('\n', at);
        if (end < 0) {
            return null;
        }
        String model = text.substring(at, end);
        at = end + 1;
        end = text.indexOf('\n', at);
        if (end < 0) {
            return null;
        }
        String modelVersion = text.substring(at, end);
        at = end + 1;
        if (text.length() < at + 2 || text.charAt(at + 1) != '\n' || (text.charAt(at) != '0' && text.charAt(at) != '1')) {
            return null;
        }
        boolean coldStart = text.charAt(at) == '1';
        at += 2;
        end = text.indexOf('\n', at);
        if (end < 0) {
            return null;
        }
        int[] itemEnds = offsets(text, at, end);
        if (itemEnds == null) {
            return null;
        }
        at = end + 1;
        int[] idStarts = new int[itemEnds.length + 1];
        for (int i = 0; i < itemEnds.length; i++) {
            idStarts[i] = at;
            end = text.indexOf('\n', at);
            if (end <= at) {
                return null;
            }
            at = end + 1;
        }
        idStarts[itemEnds.length] = at;
        int fieldsEnd = text.indexOf('\n', at);
        if (fieldsEnd < 0) {
            return null;
        }
        int itemsStart = fieldsEnd + 1;
        int previous = itemsStart - 1;
        for (int i = 0; i < itemEnds.length; i++) {
            itemEnds[i] += itemsStart;
            if (itemEnds[i] <= previous + 1 || itemEnds[i] > text.length() || (i > 0 && text.charAt(previous) != ',')) {
                return null;
            }
            previous = itemEnds[i];
        }
        int last = itemEnds.length == 0 ? itemsStart : itemEnds[itemEnds.length - 1];
        if (last != text.length()) {
            return null;
        }
        return new CachedList(text, model, modelVersion, coldStart, idStarts, at, fieldsEnd, itemEnds);
    }

    /** The comma-separated whole numbers between {@code from} and {@code to}; null when they are not such. */
    private static int[] offsets(String text, int from, int to) {
        if (from == to) {
            return new int[0];
        }
        int count = 1;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ',') {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        long value = -1;
        for (int i = from; i <= to; i++) {
            char c = i == to ? ',' : text.charAt(i);
            if (c == ',') {
                if (value < 0) {
                    return null;
                }
                out[k++] = (int) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > Integer.MAX_VALUE) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return out;
    }

    /** The text to store. */
    String text() {
        return text;
    }

    String model() {
        return model;
    }

    String modelVersion() {
        return modelVersion;
    }

    boolean coldStart() {
        return coldStart;
    }

    int size() {
        return itemEnds.length;
    }

    /** The id of the item at this index (its rank less one). */
    String itemId(int index) {
        return text.substring(idStarts[index], idStarts[index + 1] - 1);
    }

    /**
     * The served-list log's record of the items {@code from} (inclusive) to {@code to} (exclusive,
     * more than {@code from}): their ids joined as the log keeps them, cut from the stored text.
     */
    LoggedList logged(String requestId, String userId, int from, int to, ServedList.InExperiment experiment) {
        return new LoggedList(requestId, userId, model, modelVersion, from + 1, to - from,
                text.substring(idStarts[from], idStarts[to] - 1), System.currentTimeMillis(),
                experiment == null ? null : experiment.id(), experiment == null ? null : experiment.variant());
    }

    /** The items {@code from} (inclusive) to {@code to} (exclusive) as objects: decoded from their JSON. */
    List<ServedList.Entry> items(int from, int to) {
        if (from >= to) {
            return List.of();
        }
        String page = new StringBuilder(itemEnds[to - 1] - itemStart(from) + 2)
                .append('[').append(text, itemStart(from), itemEnds[to - 1]).append(']').toString();
        try {
            return Json.MAPPER.readValue(page, ENTRIES);
        } catch (IOException e) {
            throw new IllegalStateException("A cached list's items are unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code /recommend} body for items {@code from} (inclusive) to {@code to} (exclusive): the
     * same fields, in the same order, as a {@link ServedList} encoded by Jackson.
     *
     * @param tookMicros what {@code took_ms} says, in microseconds
     * @param experiment the experiment's JSON object, or null outside any experiment
     */
    byte[] body(String requestId, boolean cached, long tookMicros, int from, int to, String experiment) {
        int itemsFrom = from < to ? itemStart(from) : 0;
        int itemsTo = from < to ? itemEnds[to - 1] : 0;
        StringBuilder body = new StringBuilder(160 + fieldsEnd - fieldsStart + itemsTo - itemsFrom)
                .append("{\"request_id\":\"").append(requestId).append("\",")
                .append(text, fieldsStart, fieldsEnd)
                .append(",\"cached\":").append(cached)
                .append(",\"cold_start\":").append(coldStart)
                .append(",\"took_ms\":");
        appendMillis(body, tookMicros);
        body.append(",\"items\":[").append(text, itemsFrom, itemsTo)
                .append("],\"experiment\":").append(experiment == null ? "null" : experiment)
                .append('}');
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Microseconds as milliseconds, written as Jackson writes {@code micros / 1000.0} (the shortest
     * decimal, at least one digit after the point) without the cost of a general double conversion.
     */
    static void appendMillis(StringBuilder out, long micros) {
        if (micros < 0 || micros >= 10_000_000_000L) {
            out.append(micros / 1_000.0); // negative, or 10^7 ms and more: written in E notation
            return;
        }
        out.append(micros / 1_000).append('.');
        int fraction = (int) (micros % 1_000);
        if (fraction == 0) {
            out.append('0');
            return;
        }
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        while (fraction % 10 == 0) {
            fraction /= 10;
        }
        out.append(fraction);
    }

    private int itemStart(int index) {
        return index == 0 ? fieldsEnd + 1 : itemEnds[index - 1] + 1;
    }
}
