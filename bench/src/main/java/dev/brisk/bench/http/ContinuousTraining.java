package dev.brisk.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the server's trainer busy for as long as it runs: asks for a run of every model
 * ({@code POST /models/hybrid/train}, which retrains the hybrid's parts too), waits until no model is
 * training or queued ({@code GET /models}), and asks again at once. The serving figures measured
 * meanwhile are those of a server whose trainer never rests — the worst case of its schedule.
 */
final class ContinuousTraining implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger runs = new AtomicInteger();
    private final Thread thread;
    private volatile String failure;

    private ContinuousTraining(int port) {
        this.port = port;
        this.thread = new Thread(this::loop, "bench-continuous-training");
        this.thread.setDaemon(true);
    }

    /**
     * Waits until every model has been trained once (so that the lists measured come from trained
     * models, not from the cold-start fallback), then starts.
     */
    static ContinuousTraining start(int port) throws IOException, InterruptedException {
        try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
            while (!trained(c)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The models are not all trained after 10 minutes");
                }
                Thread.sleep(POLL_MILLIS * 5);
            }
        }
        return begin(port);
    }

    private static ContinuousTraining begin(int port) {
        ContinuousTraining training = new ContinuousTraining(port);
        training.thread.start();
        return training;
    }

    /** Training runs the server finished since the start. */
    int runsFinished() {
        return runs.get();
    }

    /** Why the loop stopped early, or null. */
    String failure() {
        return failure;
    }

    private void loop() {
        try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
            while (running.get()) {
                HttpConnection.Response asked = c.postJson("/models/hybrid/train", new byte[0]);
                if (asked.status() != 202) {
                    failure = "POST /models/hybrid/train answered " + asked.status();
                    return;
                }
                // The run starts within a tick; wait for it to show, then for every model to be idle.
                boolean seen = false;
                while (running.get()) {
                    Thread.sleep(POLL_MILLIS);
                    boolean busy = busy(c);
                    if (busy) {
                        seen = true;
                    } else if (seen) {
                        runs.incrementAndGet();
                        break;
                    }
                }
            }
        } catch (IOException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean trained(HttpConnection c) throws IOException {
        for (JsonNode m : Json.MAPPER.readTree(c.get("/models").body()).path("models")) {
            if (!"ready".equals(m.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether any model is training, queued for a run, or still finishing one (a run serves its models
     * before it stores them, and shows {@code progress} until then).
     */
    static boolean busy(HttpConnection c) throws IOException {
        for (JsonNode m : Json.MAPPER.readTree(c.get("/models").body()).path("models")) {
            if ("training".equals(m.path("state").asText()) || m.path("queued").asBoolean() || m.has("progress")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
