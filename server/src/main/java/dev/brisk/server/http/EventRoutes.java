package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.event.EventValidator;
import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import dev.brisk.server.ingest.AckTimeoutException;
import dev.brisk.server.ingest.EventIntake;
import dev.brisk.server.ingest.EventLogUnavailableException;
import dev.brisk.server.ingest.IngestResult;
import dev.brisk.server.ingest.NotStoredInTimeException;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.store.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /events} — one event (a JSON object), a batch (a JSON array, up to the batch
 * limit) or NDJSON ({@code application/x-ndjson}, one object per line).
 * <p>Fields: {@code user_id}, {@code item_id}, {@code event_type} (required); {@code rating}
 * (0.5–5, required for {@code rating}, also accepted as {@code rate}); {@code timestamp} (ISO-8601 or epoch ms, default now);
 * {@code event_id} (idempotency key); {@code session_id}, {@code source} (default "web"),
 * {@code recommendation_id}, {@code metadata} (an object stored with the event). Ids may be integers.
 * <p>Answers 200 {@code {status, accepted, duplicates, rejected: [{index, reason, problems}]}} once the
 * valid events are durably stored ({@code status} is "success", or "partial" when some were
 * rejected); 400 when nothing in the body is valid; 413 over the size or
 * batch limit; 415 for another content type; 503 with Retry-After when the queue is full, the
 * database is down or the events were not committed within the acknowledgement timeout (in each
 * case nothing of the request was stored: events the writer had not taken are withdrawn, events
 * it had taken are waited for and answered as they turned out).
 * <p>With the Kafka event log ({@code BRISK_KAFKA_BOOTSTRAP}), 200 means the valid events are durably
 * in the log (each counted as accepted; they are stored a moment later, each once); 503 with
 * Retry-After when the brokers did not acknowledge them (the answer lists the event ids to retry
 * with). {@code wait=stored} also waits until they are stored (read-your-writes), 503 when that
 * takes longer than the acknowledgement timeout; without the log, every answer is already stored.
 */
public final class EventRoutes {
    private static final ObjectReader ONE_VALUE = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final EventIntake intake;
    /** Events that name no source come from the web, as with the system Brisk replaces. */
    private final EventValidator validator;
    private final BriskMetrics metrics;
    private final int maxBatch;
    private final Bodies bodies;
    private final long ackTimeoutMillis;

    public EventRoutes(EventIntake intake, BriskMetrics metrics, int maxBatch, Bodies bodies, long ackTimeoutMillis,
                       EventTypes eventTypes) {
        this.validator = new EventValidator("web", eventTypes);
        this.bodies = bodies;
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.intake = intake;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
    }

    public void register(Api api) {
        api.post("/events", Role.WRITE, this::post);
    }

    private void post(Context ctx) throws Exception {
        boolean waitStored = Query.of(ctx, "wait").optionalText("wait", 16).map(wait -> {
            if (!wait.equals("stored")) {
                throw ApiException.badRequest("Query parameter wait may only be 'stored' (answer once the events are"
                        + " stored, not only appended to the event log), got '" + wait + "'");
            }
            return true;
        }).orElse(false);
        String mime = Bodies.mime(ctx.contentType());
        List<Object> inputs;
        boolean single = false;
        if (mime.equals("application/x-ndjson") || mime.equals("application/jsonl")) {
            inputs = ndjson(bodies.read(ctx));
        } else if (mime.equals("application/json")) {
            JsonNode root = parse(bodies.read(ctx));
            if (root.isArray()) {
                inputs = new ArrayList<>();
                ((ArrayNode) root).forEach(inputs::add);
            } else if (root.isObject()) {
                inputs = List.of(root);
                single = true;
            } else {
                throw ApiException.badRequest("The body must be an event object or an array of events");
            }
        } else {
            throw new ApiException(415, "unsupported_media_type", "Send events as application/json or "
                    + "application/x-ndjson, not " + (mime.isEmpty() ? "a body without Content-Type" : mime), Map.of());
        }
        if (inputs.isEmpty()) {
            throw ApiException.badRequest("The body holds no events");
        }
        if (inputs.size() > maxBatch) {
            throw new ApiException(413, "batch_too_large", "A request may carry at most " + maxBatch
                    + " events; this one has " + inputs.size(), Map.of("limit", maxBatch, "received", inputs.size()));
        }
        long now = System.currentTimeMillis();
        List<Event> valid = new ArrayList<>(inputs.size());
        List<Integer> validIndex = new ArrayList<>(inputs.size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Validated<Event> v = validate(inputs.get(i), now);
            if (v.isValid()) {
                valid.add(v.value());
                validIndex.add(i);
            } else {
                rejected.add(rejection(i, v.problems()));
            }
        }
        if (!rejected.isEmpty()) {
            metrics.eventsRejected(rejected.size());
        }
        if (valid.isEmpty()) {
            if (single) {
                throw ApiException.invalid("Invalid event: " + rejected.get(0).get("reason"),
                        Map.of("problems", rejected.get(0).get("problems")));
            }
            throw ApiException.invalid("No valid event in the request; " + rejected.size() + " rejected",
                    Map.of("rejected", rejected));
        }
        IngestResult result = awaitDurable(valid, waitStored);
        Map<String, Object> body = new LinkedHashMap<>();
        // Clients of the replaced system test status == "success".
        body.put("status", rejected.isEmpty() ? "success" : "partial");
        body.put("accepted", result.accepted());
        body.put("duplicates", result.duplicates());
        body.put("rejected", rejected);
        // Same event_id, different event: the stored one is kept and nothing changes, but the client hears of it.
        body.put("conflicts", result.conflicts().stream().map(k -> Map.of("index", validIndex.get(k),
                "event_id", valid.get(k).eventId(),
                "reason", "an event with this event_id is stored with other content; it was kept and this one ignored"))
                .toList());
        if (single) {
            body.put("event_id", result.eventIds().get(0));
        }
        ctx.json(body);
    }

    private IngestResult awaitDurable(List<Event> valid, boolean waitStored) throws InterruptedException {
        try {
            return intake.accept(valid, waitStored);
        } catch (AckTimeoutException e) {
            throw new ApiException(503, "ack_timeout", "The events were not committed within " + ackTimeoutMillis
                    + " ms and were withdrawn: nothing of this request was stored; retry shortly",
                    Map.of("timeout_ms", ackTimeoutMillis)).retryAfter(5);
        } catch (EventLogUnavailableException e) {
            throw new ApiException(503, "event_log_unavailable", "The event log did not acknowledge the events, so"
                    + " this request is not acknowledged; retry shortly with the same event_ids (listed here), then"
                    + " each event is stored once", Map.of("event_ids", e.eventIds())).retryAfter(5);
        } catch (NotStoredInTimeException e) {
            throw new ApiException(503, "not_stored_in_time", "The events are acknowledged by the event log and will"
                    + " be stored, but " + e.missing().size() + " were not stored within " + e.timeoutMillis()
                    + " ms; a retry with the same event_ids stores nothing twice",
                    Map.of("timeout_ms", e.timeoutMillis(), "missing_event_ids", e.missing())).retryAfter(2);
        }
    }

    private Validated<Event> validate(Object input, long now) {
        if (input instanceof String parseError) {
            return Validated.failed(List.of(new Problem(null, parseError)));
        }
        JsonNode node = (JsonNode) input;
        if (!node.isObject()) {
            return Validated.failed(List.of(new Problem(null, "an event must be a JSON object")));
        }
        java.util.Optional<String> badText = JsonTexts.problem(node);
        if (badText.isPresent()) {
            return Validated.failed(List.of(new Problem(null, badText.get())));
        }
        return validator.validate(plainObject(node), now);
    }

    /**
     * An object node as the plain values Jackson's own conversion to a map makes (maps keeping the
     * fields' order, lists, strings, the parsed numbers' own types, booleans, nulls), walked once
     * instead of written out and read back as that conversion does, for every event of a batch.
     */
    static Map<String, Object> plainObject(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>(node.size() * 2);
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            map.put(field.getKey(), plain(field.getValue()));
        }
        return map;
    }

    private static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                return plainObject(node);
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(plain(element)));
                return list;
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            default: // null; a parsed body holds no other kind
                return node.isNull() || node.isMissingNode() ? null : Json.MAPPER.convertValue(node, Object.class);
        }
    }

    private static Map<String, Object> rejection(int index, List<Problem> problems) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", index);
        r.put("reason", String.join("; ", problems.stream().map(Problem::toString).toList()));
        r.put("problems", problems.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", p.field());
            m.put("message", p.message());
            return m;
        }).toList());
        return r;
    }

    /** Parses each non-blank line; a line that is not JSON becomes its parse error (a String). */
    private static List<Object> ndjson(byte[] body) {
        List<Object> out = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                out.add("line is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return out;
    }

    private static JsonNode parse(byte[] body) throws JsonProcessingException {
        if (body.length == 0) {
            throw ApiException.badRequest("The body is empty; send an event object or an array of events");
        }
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            // Read one value, then look past it ourselves, to tell NDJSON from a broken body.
            JsonNode root = ONE_VALUE.readTree(parser);
            if (root == null) {
                throw ApiException.badRequest("The body is empty; send an event object or an array of events");
            }
            JsonToken next = parser.nextToken();
            if (next != null) {
                throw severalValues(root, next);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("The body could not be read: " + e.getMessage());
        }
    }

    /** A JSON body holds one value; objects one after another are NDJSON sent under the wrong type. */
    private static ApiException severalValues(JsonNode first, JsonToken next) {
        if (first.isObject() && next == JsonToken.START_OBJECT) {
            return new ApiException(400, "malformed_json", "The body holds several JSON objects, one after another:"
                    + " that is NDJSON; send it with Content-Type: application/x-ndjson (one event per line),"
                    + " or send one JSON array of events as application/json",
                    Map.of("content_type", "application/x-ndjson"));
        }
        return new ApiException(400, "malformed_json", "The body is not valid JSON: it holds more than one value;"
                + " send one event object or one array of events", Map.of());
    }
}
