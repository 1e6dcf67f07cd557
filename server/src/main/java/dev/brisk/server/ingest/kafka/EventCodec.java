package dev.brisk.server.ingest.kafka;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event as a Kafka record's value: a JSON object with the API's field names, so that other
 * consumers of the topic can read it too.
 */
final class EventCodec {
    private EventCodec() {
    }

    static byte[] encode(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", e.eventId());
        m.put("user_id", e.userId());
        m.put("item_id", e.itemId());
        m.put("event_type", e.type().wireName());
        m.put("rating", e.hasRating() ? e.rating() : null);
        m.put("timestamp", e.timestamp());
        m.put("session_id", e.sessionId());
        m.put("source", e.source());
        m.put("recommendation_id", e.recommendationId());
        m.put("metadata", e.metadata());
        try {
            return Json.MAPPER.writeValueAsBytes(m);
        } catch (IOException impossible) {
            throw new IllegalStateException("An event could not be encoded: " + impossible.getMessage(), impossible);
        }
    }

    /** The event a record holds; throws {@link IllegalArgumentException} for a record that holds none. */
    @SuppressWarnings("unchecked")
    static Event decode(byte[] value) {
        try {
            Map<String, Object> m = Json.MAPPER.readValue(value, Json.MAP_TYPE);
            EventType type = EventType.fromWire(text(m, "event_type"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown event_type " + m.get("event_type")));
            Object rating = m.get("rating");
            return new Event(text(m, "event_id"), required(m, "user_id"), required(m, "item_id"), type,
                    rating instanceof Number n ? n.doubleValue() : Double.NaN,
                    ((Number) m.get("timestamp")).longValue(), text(m, "session_id"), text(m, "source"),
                    text(m, "recommendation_id"), (Map<String, Object>) m.get("metadata"));
        } catch (IOException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not an event: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, Object> m, String field) {
        String value = text(m, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String text(Map<String, Object> m, String field) {
        Object value = m.get(field);
        return value == null ? null : value.toString();
    }
}
