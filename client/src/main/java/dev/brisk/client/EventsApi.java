package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code POST /events} and the event feed. Every event gets its {@code event_id} before the
 * first attempt, so these calls are retried on 503 and I/O errors without storing anything twice.
 * Each call returns once the service has durably stored the events.
 */
public final class EventsApi {
    private final Transport transport;
    private final int maxBatchEvents;

    EventsApi(Transport transport, int maxBatchEvents) {
        this.transport = transport;
        this.maxBatchEvents = maxBatchEvents;
    }

    /** Sends one event. Throws {@link EventsRejectedException} when it is invalid. */
    public IngestResult send(Event event) {
        return store(Json.write(event.identified()), "application/json");
    }

    /**
     * Sends a batch in one request (at most the service's batch limit). Throws
     * {@link EventsRejectedException} when any event is invalid — the valid ones are stored even
     * then, see {@link EventsRejectedException#result()}.
     */
    public IngestResult send(List<Event> events) {
        if (events.isEmpty()) {
            return IngestResult.empty();
        }
        List<Event> identified = events.stream().map(Event::identified).toList();
        return store(Json.write(identified), "application/json");
    }

    /**
     * Sends any number of events as NDJSON, {@code maxBatchEvents} per request, reading them as it
     * goes. Invalid events do not stop the stream: after the last request an
     * {@link EventsRejectedException} lists them by their index in the stream.
     */
    public IngestResult stream(Iterable<Event> events) {
        IngestResult total = IngestResult.empty();
        Iterator<Event> it = events.iterator();
        int offset = 0;
        while (it.hasNext()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int count = 0;
            while (count < maxBatchEvents && it.hasNext()) {
                body.writeBytes(Json.write(it.next().identified()));
                body.write('\n');
                count++;
            }
            total = total.plus(chunk(body.toByteArray()), offset);
            offset += count;
        }
        if (!total.rejected().isEmpty()) {
            throw rejected(200, "events_rejected", total);
        }
        return total;
    }

    /**
     * A batcher that sends in the background whenever {@code maxEvents} are buffered or the oldest
     * has waited {@code maxDelay}; failures go to {@code settings}' handler. Close it to send the rest.
     */
    public EventBatcher batcher(int maxEvents, Duration maxDelay) {
        return batcher(EventBatcher.Settings.of(Math.min(maxEvents, maxBatchEvents), maxDelay));
    }

    public EventBatcher batcher(EventBatcher.Settings settings) {
        return new EventBatcher(this, settings);
    }

    /** The newest events this instance acknowledged (at most {@code limit}, null: 50), after {@code after}'s seq (null: all). */
    public EventFeed recent(Integer limit, Long after) {
        return transport.send(Call.get(new Call.Path("/events/recent").param("limit", limit).param("after", after)
                .toString()), EventFeed.class);
    }

    /** Erases one stored event. */
    public EventErased erase(String eventId) {
        return transport.send(Call.delete("/events/" + Call.segment(eventId)), EventErased.class);
    }

    private IngestResult chunk(byte[] ndjson) {
        try {
            return store(ndjson, "application/x-ndjson");
        } catch (EventsRejectedException e) {
            return e.result(); // reported once the whole stream is sent
        }
    }

    /**
     * Sends one request of events; any rejection becomes an {@link EventsRejectedException}: in a
     * 200 ("partial": the others were stored) or a 400 (none valid; a batch names each rejected
     * event in {@code details.rejected}, a single event its {@code details.problems}).
     */
    private IngestResult store(byte[] body, String contentType) {
        JsonNode answer;
        try {
            answer = transport.json(new Call("POST", "/events", body, contentType, true));
        } catch (BriskValidationException e) {
            if (e.status() != 400 || !"invalid_input".equals(e.code())) {
                throw e;
            }
            List<EventRejection> rejections = new ArrayList<>();
            e.details().path("rejected").forEach(r -> rejections.add(Json.read(r, EventRejection.class)));
            if (rejections.isEmpty()) {
                rejections.add(new EventRejection(0, e.getMessage(), e.problems()));
            }
            IngestResult none = new IngestResult("rejected", 0, 0, rejections, List.of(), null);
            throw new EventsRejectedException(400, e.code(), e.getMessage(), e.details(), none);
        }
        IngestResult result = Json.read(answer, IngestResult.class);
        if (!result.rejected().isEmpty()) {
            throw rejected(200, "events_rejected", result);
        }
        return result;
    }

    static EventsRejectedException rejected(int status, String code, IngestResult result) {
        int n = result.rejected().size();
        String message = n + " event(s) rejected" + (result.accepted() + result.duplicates() > 0
                ? "; the other " + (result.accepted() + result.duplicates()) + " were stored" : "; none was stored")
                + ": " + result.rejected().get(0).reason() + (n > 1 ? " (first of " + n + ")" : "");
        return new EventsRejectedException(status, code, message, Json.MAPPER.valueToTree(result), result);
    }
}
