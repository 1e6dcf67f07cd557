package dev.brisk.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The requests of each phase. Reads use the demo users ({@code u1..u500}, Brisk's demo data);
 * ingest writes events of a separate population of users ({@code lu1..}) on the demo items, so
 * that the figures measured on the demo users do not depend on how much was ingested before.
 */
final class Workloads {
    /** The demo data Brisk loads into an empty database: 500 users, 1,200 items (see {@code Brisk}). */
    static final int DEMO_USERS = 500;
    static final int DEMO_ITEMS = 1_200;
    /** An item id no list holds: {@code exclude=} with it changes no list but bypasses the cache. */
    static final String ABSENT_ITEM = "bench-absent";

    private static final String[] TYPES = {"view", "click", "add_to_cart", "purchase", "rating", "like",
            "impression"};
    /** Cumulative shares of the types above, in percent: mostly views, as on a real site. */
    private static final int[] SHARES = {60, 75, 82, 85, 93, 97, 100};

    private Workloads() {
    }

    static Load.Call get(String target) {
        return (c, random, client, seq) -> c.get(target);
    }

    /** A demo user's list; each user's list is cached after its first request. */
    static Load.Call recommend() {
        return (c, random, client, seq) -> c.get("/recommend?user_id=u" + (1 + random.nextInt(DEMO_USERS)) + "&n=10");
    }

    /** A demo user's list computed afresh: a list with {@code exclude=} is never served from the cache. */
    static Load.Call recommendUncached() {
        return (c, random, client, seq) -> c.get("/recommend?user_id=u" + (1 + random.nextInt(DEMO_USERS))
                + "&n=10&exclude=" + ABSENT_ITEM);
    }

    /** A mix of everything the read phases do, to let the JIT compile it before anything is measured. */
    static Load.Call warmUp() {
        Load.Call health = get("/health");
        Load.Call cached = recommend();
        Load.Call uncached = recommendUncached();
        return (c, random, client, seq) -> switch ((int) (seq % 3)) {
            case 0 -> health.send(c, random, client, seq);
            case 1 -> cached.send(c, random, client, seq);
            default -> uncached.send(c, random, client, seq);
        };
    }

    /**
     * The reads' mix with events as well, for runs that measure ingest: the first two clients send
     * batches (large enough to be written in parallel parts), every other client also single events
     * between its reads. Without it the ingest phases measure the JIT compiling the event path.
     */
    static Load.Call warmUpWithEvents(String runId, int batchSize, int users) {
        Load.Call reads = warmUp();
        Load.Call batch = ingestBatch(runId + "-w", batchSize, users);
        Load.Call single = ingestSingle(runId + "-w", users);
        return (c, random, client, seq) -> {
            if (client < 2) {
                return batch.send(c, random, client, seq);
            }
            return seq % 4 == 3 ? single.send(c, random, client, seq) : reads.send(c, random, client, seq);
        };
    }

    /** A JSON array of {@code size} events with unique ids. */
    static Load.Call ingestBatch(String runId, int size, int users) {
        return (c, random, client, seq) -> {
            StringBuilder body = new StringBuilder(size * 110).append('[');
            for (int k = 0; k < size; k++) {
                if (k > 0) {
                    body.append(',');
                }
                event(body, random, users, runId + "-b" + client + "-" + seq + "-" + k);
            }
            return c.postJson("/events", body.append(']').toString().getBytes(StandardCharsets.UTF_8));
        };
    }

    /** One event per request. */
    static Load.Call ingestSingle(String runId, int users) {
        return (c, random, client, seq) -> {
            StringBuilder body = new StringBuilder(128);
            event(body, random, users, runId + "-s" + client + "-" + seq);
            return c.postJson("/events", body.toString().getBytes(StandardCharsets.UTF_8));
        };
    }

    private static void event(StringBuilder out, SplittableRandom random, int users, String eventId) {
        int roll = random.nextInt(100);
        int t = 0;
        while (roll >= SHARES[t]) {
            t++;
        }
        out.append("{\"event_id\":\"").append(eventId)
                .append("\",\"user_id\":\"lu").append(1 + random.nextInt(users))
                .append("\",\"item_id\":\"i").append(1 + random.nextInt(DEMO_ITEMS))
                .append("\",\"event_type\":\"").append(TYPES[t]).append('"');
        if (TYPES[t].equals("rating")) {
            out.append(",\"rating\":").append(0.5 * (1 + random.nextInt(10)));
        }
        out.append('}');
    }
}
