package dev.brisk.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that stream batches of view events with unique ids at services until stopped (or a
 * million events each), recording every id a service acknowledged and counting failed requests.
 * Each thread sends to one of the given services, round robin.
 */
public final class EventSenders {
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    public EventSenders(int count, List<HttpJson> services) {
        for (int t = 0; t < count; t++) {
            int thread = t;
            HttpJson http = services.get(t % services.size());
            Thread sender = new Thread(() -> send(http, thread), "event-sender-" + t);
            sender.setDaemon(true);
            sender.start();
            threads.add(sender);
        }
    }

    public Set<String> acknowledged() {
        return acknowledged;
    }

    /** Requests that were not acknowledged whole (refused, or the connection failed). */
    public int refused() {
        return refused.get();
    }

    /** Stops sending and waits (bounded) for the threads to finish their request in flight. */
    public void stop() throws InterruptedException {
        sending.set(false);
        for (Thread sender : threads) {
            sender.join(30_000);
        }
    }

    private void send(HttpJson http, int thread) {
        int n = 0;
        while (sending.get() && n < 1_000_000) {
            int batch = 1 + (n % 20);
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < batch; i++) {
                String id = "k" + thread + "-" + (n++);
                ids.add(id);
                body.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(id).append("\",\"user_id\":\"u")
                        .append(n % 50).append("\",\"item_id\":\"i").append(n % 200).append("\",\"event_type\":\"view\"}");
            }
            try {
                var answer = http.post("/events", body.append("]").toString());
                if (answer.status() == 200 && answer.body().path("accepted").asInt() == batch) {
                    acknowledged.addAll(ids);
                } else {
                    refused.incrementAndGet();
                }
            } catch (IllegalStateException connectionFailed) {
                refused.incrementAndGet();
                if (!sending.get()) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** How often each event id is stored (SQLite when {@code schema} is null, else that PostgreSQL schema). */
    public static Map<String, Integer> storedIds(String jdbcUrl, String schema) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = schema == null ? DriverManager.getConnection(jdbcUrl)
                : DriverManager.getConnection(jdbcUrl, SharedServices.POSTGRES_USER, "")) {
            String table = schema == null ? "user_events" : schema + ".user_events";
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT event_id, COUNT(*) FROM " + table + " GROUP BY event_id")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }
}
