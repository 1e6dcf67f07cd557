package dev.brisk.bench.http;

import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The activity phases' data and requests: generated events (a population of users {@code a1..}
 * apart from the demo users) loaded through {@code POST /events} in batches, then
 * {@code GET /users/{id}/activity?limit=50} for users drawn uniformly from those with events, one
 * request in four asking for the next page with the {@code next_before} cursor of the client's
 * previous answer.
 */
final class ActivityLoad {
    static final int BATCH = 5_000;
    static final int LOADERS = 2;
    static final int LIMIT = 50;

    /** What was loaded. */
    record Loaded(String[] users, long events, long accepted, double seconds, int[] eventsPerUserSorted, String config) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("generator", config);
            m.put("events_generated", events);
            m.put("events_accepted", accepted);
            m.put("load_seconds", Math.round(seconds * 100) / 100.0);
            m.put("load_events_per_second", Math.round(accepted / seconds));
            m.put("users_with_events", users.length);
            int n = eventsPerUserSorted.length;
            m.put("events_per_user_p50", eventsPerUserSorted[n / 2]);
            m.put("events_per_user_p99", eventsPerUserSorted[Math.min(n - 1, (int) (n * 0.99))]);
            m.put("events_per_user_max", eventsPerUserSorted[n - 1]);
            m.put("note", "loaded through POST /events, " + BATCH + " events per request, " + LOADERS
                    + " connections; the server's own demo data (u1..u500) is stored besides");
            return m;
        }
    }

    private final Loaded loaded;
    private final String[][] cursors;
    private final AtomicLong cursorRequests = new AtomicLong();

    ActivityLoad(Loaded loaded, int clients) {
        this.loaded = loaded;
        this.cursors = new String[clients][];
    }

    long cursorRequests() {
        return cursorRequests.get();
    }

    /** Generates {@code events} events of {@code users} users over 90 days and posts them. */
    static Loaded load(int port, int events, int users) throws Exception {
        long now = System.currentTimeMillis();
        DemoDataGenerator.Config config = new DemoDataGenerator.Config(7, 20_000, users, events, 90, now);
        System.out.printf("activity-load            generating %,d events ...", events);
        System.out.flush();
        DemoData data = new DemoDataGenerator().generate(config);
        List<Event> all = data.events();
        Map<String, Integer> perUser = new HashMap<>();
        for (Event e : all) {
            perUser.merge(user(e), 1, Integer::sum);
        }
        System.out.printf(" posting %,d in batches of %,d ...", all.size(), BATCH);
        System.out.flush();
        AtomicLong accepted = new AtomicLong();
        AtomicLong nextBatch = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < LOADERS; t++) {
            Thread thread = new Thread(() -> {
                HttpConnection c = new HttpConnection("127.0.0.1", port);
                try {
                    for (long b = nextBatch.getAndIncrement(); b * BATCH < all.size(); b = nextBatch.getAndIncrement()) {
                        byte[] body = json(all.subList((int) (b * BATCH), (int) Math.min(all.size(), (b + 1) * BATCH)));
                        int attempts = 0;
                        while (true) {
                            HttpConnection.Response r;
                            try {
                                r = c.postJson("/events", body);
                            } catch (java.io.IOException e) {
                                // Retrying is safe: the event ids make a second delivery a duplicate.
                                if (++attempts > 5) {
                                    throw e;
                                }
                                c.close();
                                c = new HttpConnection("127.0.0.1", port);
                                continue;
                            }
                            if (r.status() == 503) {
                                Thread.sleep(200);
                                continue;
                            }
                            if (r.status() != 200) {
                                throw new IllegalStateException("POST /events answered " + r.status() + ": " + r.text());
                            }
                            accepted.addAndGet((long) Load.AnswerFields.number(r.body(), "accepted"));
                            break;
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    c.close();
                }
            }, "activity-loader-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(" %,d accepted in %.1f s%n", accepted.get(), seconds);
        int[] counts = perUser.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Loaded(perUser.keySet().toArray(String[]::new), all.size(), accepted.get(), seconds, counts,
                "DemoDataGenerator.Config(7, 20_000, " + users + ", " + events + ", 90, now); users renamed u* -> a*");
    }

    Load.Call call() {
        return (c, random, client, seq) -> {
            String[] previous = cursors[client];
            String target;
            if (previous != null && random.nextInt(4) == 0) {
                cursorRequests.incrementAndGet();
                target = "/users/" + previous[0] + "/activity?limit=" + LIMIT + "&before=" + previous[1];
            } else {
                String user = loaded.users()[random.nextInt(loaded.users().length)];
                target = "/users/" + user + "/activity?limit=" + LIMIT;
                previous = new String[] {user, null};
            }
            HttpConnection.Response r = c.get(target);
            String next = r.status() == 200 ? nextBefore(r.body()) : null;
            cursors[client] = next == null ? null : new String[] {previous[0], next};
            return r;
        };
    }

    private static String nextBefore(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"next_before\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + "\"next_before\":\"".length();
        return text.substring(from, text.indexOf('"', from));
    }

    private static String user(Event e) {
        return "a" + e.userId().substring(1);
    }

    private static byte[] json(List<Event> events) {
        StringBuilder b = new StringBuilder(events.size() * 160).append('[');
        for (Event e : events) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"event_id\":\"act-").append(e.eventId()).append("\",\"user_id\":\"").append(user(e))
                    .append("\",\"item_id\":\"").append(e.itemId()).append("\",\"event_type\":\"")
                    .append(e.type().wireName()).append("\",\"timestamp\":").append(e.timestamp());
            if (e.hasRating()) {
                b.append(",\"rating\":").append(e.rating());
            }
            if (e.sessionId() != null) {
                b.append(",\"session_id\":\"a").append(e.sessionId()).append('"');
            }
            b.append(",\"source\":\"bench\"}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

}
