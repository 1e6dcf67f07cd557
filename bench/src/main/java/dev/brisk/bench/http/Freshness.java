package dev.brisk.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Freshness end to end, as a client sees it. For one user at a time: read their list, send a view
 * of the list's first item and wait for the acknowledgement, then ask for the list again until
 * that item is gone (it is seen now, and seen items are excluded). The figure is the time from
 * the acknowledgement to the answer that no longer holds the item. A correct service needs one
 * read; every further read is counted as stale.
 */
final class Freshness {
    private static final long GIVE_UP_NANOS = 5_000_000_000L;

    /** Latencies in milliseconds. */
    record Result(String name, String what, int samples, Samples.Summary ackToFresh, Samples.Summary ack,
                  long staleReads, long staleReadsProbes, long timeouts, long errors, String firstError,
                  long measuredFrom, long measuredTo, long eventsAcknowledged) {
    }

    private final int port;
    private final String runId;

    Freshness(int port, String runId) {
        this.port = port;
        this.runId = runId;
    }

    /**
     * Probes {@code samples} times, cycling through {@code users} demo users from {@code firstUser},
     * or until {@code stopAt} (a {@link System#nanoTime()}) when that comes first.
     */
    Result run(String name, String what, int samples, int users, int firstUser, long stopAt) {
        long from = System.currentTimeMillis();
        Samples fresh = new Samples();
        Samples ack = new Samples();
        long stale = 0;
        long staleProbes = 0;
        long timeouts = 0;
        long errors = 0;
        long[] acknowledged = {0};
        String firstError = null;
        try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
            for (int i = 0; i < samples && System.nanoTime() < stopAt; i++) {
                String user = "u" + (1 + (firstUser + i) % users);
                try {
                    Probe p = probe(c, user, name + "-" + i, acknowledged);
                    ack.add(p.ackNanos);
                    if (p.freshNanos < 0) {
                        timeouts++;
                    } else {
                        fresh.add(p.freshNanos);
                    }
                    stale += p.staleReads;
                    staleProbes += p.staleReads > 0 ? 1 : 0;
                } catch (IOException | RuntimeException e) {
                    errors++;
                    firstError = firstError == null ? e.toString() : firstError;
                }
            }
        }
        return new Result(name, what, fresh.size(), Samples.summarize(List.of(fresh), 1e6),
                Samples.summarize(List.of(ack), 1e6), stale, staleProbes, timeouts, errors, firstError, from,
                System.currentTimeMillis(), acknowledged[0]);
    }

    private record Probe(long ackNanos, long freshNanos, int staleReads) {
    }

    /** One probe; {@code acked[0]} counts the event as soon as it is acknowledged. */
    private Probe probe(HttpConnection c, String user, String eventId, long[] acked) throws IOException {
        String target = "/recommend?user_id=" + user + "&n=10";
        List<String> before = items(c.get(target));
        if (before.isEmpty()) {
            throw new IllegalStateException("The list of " + user + " is empty");
        }
        String item = before.get(0);
        byte[] event = ("{\"event_id\":\"fresh-" + runId + "-" + eventId + "\",\"user_id\":\"" + user
                + "\",\"item_id\":\"" + item + "\",\"event_type\":\"view\"}").getBytes(StandardCharsets.UTF_8);
        long sent = System.nanoTime();
        HttpConnection.Response answer = c.postJson("/events", event);
        long acknowledged = System.nanoTime();
        if (answer.status() != 200) {
            throw new IllegalStateException("POST /events answered " + answer.status() + ": " + answer.text());
        }
        acked[0]++;
        int staleReads = 0;
        while (System.nanoTime() - acknowledged < GIVE_UP_NANOS) {
            List<String> after = items(c.get(target));
            long now = System.nanoTime();
            if (!after.contains(item)) {
                return new Probe(acknowledged - sent, now - acknowledged, staleReads);
            }
            staleReads++;
        }
        return new Probe(acknowledged - sent, -1, staleReads);
    }

    private static List<String> items(HttpConnection.Response response) throws IOException {
        if (response.status() != 200) {
            throw new IllegalStateException("GET /recommend answered " + response.status() + ": " + response.text());
        }
        JsonNode root = Json.MAPPER.readTree(response.body());
        List<String> ids = new ArrayList<>();
        root.path("items").forEach(item -> ids.add(item.path("item_id").asText()));
        return ids;
    }
}
