package dev.brisk.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steady mixed traffic for a long run: clients each paced to a share of a total request rate (not
 * as fast as possible: a soak watches a server at a realistic load, not at its ceiling), each
 * request drawn from a mix of single events, small batches, cacheable and fresh recommendations,
 * and clicks that carry the {@code recommendation_id} of a list the same client was served.
 * Latencies (request sent to answer read, at the client) are kept per endpoint and per minute of
 * the answer, so that every minute can be reported on its own.
 */
final class MixedLoad {
    /** The endpoints of the mix, with their share of the requests in percent. */
    enum Endpoint {
        EVENT("event", "POST /events, one event", 35),
        BATCH("batch", "POST /events, a small batch", 10),
        RECOMMEND("recommend", "GET /recommend (cacheable: repeated users)", 30),
        FRESH("fresh", "GET /recommend&exclude= (computed afresh)", 10),
        CLICK("click", "POST /events, a click with the recommendation_id of a served list", 15);

        final String label;
        final String what;
        final int share;

        Endpoint(String label, String what, int share) {
            this.label = label;
            this.what = what;
            this.share = share;
        }
    }

    /** One endpoint's requests of one minute. */
    static final class Bucket {
        private final Samples latency = new Samples();
        private long requests;
        private long errors;
        private String firstError;

        synchronized void add(long nanos, String error) {
            requests++;
            latency.add(nanos);
            if (error != null) {
                errors++;
                firstError = firstError == null ? error : firstError;
            }
        }

        synchronized Map<String, Object> figures() {
            Samples.Summary s = Samples.summarize(List.of(latency), 1e6);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requests", requests);
            out.put("errors", errors);
            out.put("p50_ms", s.count() == 0 ? null : s.p50());
            out.put("p99_ms", s.count() == 0 ? null : s.p99());
            out.put("first_error", firstError);
            return out;
        }
    }

    private final int port;
    private final int clients;
    private final double requestsPerSecond;
    private final int batchSize;
    private final int users;
    private final int items;
    private final String runId;
    private final long startNanos = System.nanoTime();
    private final Map<Integer, Map<Endpoint, Bucket>> minutes = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param users the recommended and clicking users are {@code u1..u<users>}, events go to them too
     * @param items events name items {@code i1..i<items>}
     */
    MixedLoad(int port, int clients, double requestsPerSecond, int batchSize, int users, int items, String runId) {
        this.port = port;
        this.clients = clients;
        this.requestsPerSecond = requestsPerSecond;
        this.batchSize = batchSize;
        this.users = users;
        this.items = items;
        this.runId = runId;
    }

    void start() {
        for (int i = 0; i < clients; i++) {
            int id = i;
            Thread t = new Thread(() -> client(id), "soak-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    /** The figures of minute {@code m} (0-based, counted from {@link #start()}), per endpoint. */
    Map<Endpoint, Bucket> minute(int m) {
        return minutes.computeIfAbsent(m, k -> new ConcurrentHashMap<>());
    }

    private void client(int id) {
        SplittableRandom random = new SplittableRandom(0x50a6 + 7919L * id);
        long intervalNanos = (long) (1e9 * clients / requestsPerSecond);
        long next = System.nanoTime() + random.nextLong(Math.max(1, intervalNanos));
        String[] lastList = null; // user, recommendation_id, then its item ids
        long seq = 0;
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            while (!stopping.get()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime(); // more than a second behind: do not burst to catch up
                }
                next += intervalNanos;
                Endpoint endpoint = draw(random);
                if (endpoint == Endpoint.CLICK && lastList == null) {
                    endpoint = Endpoint.RECOMMEND;
                }
                String eventId = runId + "-" + id + "-" + seq++;
                String user = "u" + (1 + random.nextInt(users));
                long start = System.nanoTime();
                String error;
                HttpConnection.Response response = null;
                try {
                    response = send(connection, endpoint, random, user, eventId, lastList);
                    error = response.status() == 200 ? null : response.status() + " " + abbreviate(response.text());
                } catch (IOException | RuntimeException e) {
                    error = e.toString();
                }
                long end = System.nanoTime();
                minute((int) ((end - startNanos) / 60_000_000_000L)).computeIfAbsent(endpoint, k -> new Bucket())
                        .add(end - start, error);
                if (error == null && (endpoint == Endpoint.RECOMMEND || endpoint == Endpoint.FRESH)) {
                    String[] served = servedList(user, response.body());
                    lastList = served == null ? lastList : served;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpConnection.Response send(HttpConnection c, Endpoint endpoint, SplittableRandom random, String user,
                                         String eventId, String[] lastList) throws IOException {
        return switch (endpoint) {
            case EVENT -> c.postJson("/events", bytes(event(new StringBuilder(160), random, eventId)));
            case BATCH -> {
                StringBuilder body = new StringBuilder(batchSize * 160).append('[');
                for (int k = 0; k < batchSize; k++) {
                    event(body.append(k == 0 ? "" : ","), random, eventId + "-" + k);
                }
                yield c.postJson("/events", bytes(body.append(']')));
            }
            case RECOMMEND -> c.get("/recommend?user_id=" + user + "&n=10");
            case FRESH -> c.get("/recommend?user_id=" + user + "&n=10&exclude=" + Workloads.ABSENT_ITEM);
            case CLICK -> c.postJson("/events", bytes(new StringBuilder(200).append("{\"event_id\":\"").append(eventId)
                    .append("\",\"user_id\":\"").append(lastList[0]).append("\",\"item_id\":\"")
                    .append(lastList[2 + random.nextInt(lastList.length - 2)])
                    .append("\",\"event_type\":\"click\",\"recommendation_id\":\"").append(lastList[1]).append("\"}")));
        };
    }

    private StringBuilder event(StringBuilder out, SplittableRandom random, String eventId) {
        boolean rating = random.nextInt(10) == 0;
        out.append("{\"event_id\":\"").append(eventId).append("\",\"user_id\":\"u").append(1 + random.nextInt(users))
                .append("\",\"item_id\":\"i").append(1 + random.nextInt(items)).append("\",\"event_type\":\"")
                .append(rating ? "rating\",\"rating\":" + (1 + random.nextInt(5)) : "view\"");
        return out.append('}');
    }

    /** The user, the recommendation_id and the item ids of a list served to {@code user}, or null when it has no items. */
    private static String[] servedList(String user, byte[] body) {
        try {
            JsonNode answer = Json.MAPPER.readTree(body);
            JsonNode items = answer.path("items");
            String id = answer.path("request_id").asText(""); // sent back as recommendation_id
            if (items.isEmpty() || id.isEmpty()) {
                return null;
            }
            String[] out = new String[2 + items.size()];
            out[0] = user;
            out[1] = id;
            for (int i = 0; i < items.size(); i++) {
                out[2 + i] = items.get(i).path("item_id").asText();
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private static Endpoint draw(SplittableRandom random) {
        int roll = random.nextInt(100);
        for (Endpoint e : Endpoint.values()) {
            roll -= e.share;
            if (roll < 0) {
                return e;
            }
        }
        return Endpoint.EVENT;
    }

    private static byte[] bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
