package dev.brisk.server.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of simulated users against a Brisk over HTTP. A pacer hands out one event every
 * {@code 1/rate} seconds to a user that is not busy; workers carry out that user's step (maybe a
 * recommendation request, then the event). The run ends by itself when its duration or event
 * count is reached, or earlier on {@link #stop()}; in-flight requests are then allowed to finish.
 */
public final class Simulation {
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_WORKERS = 64;

    private final SimulationPlan plan;
    private final HttpClient http;
    private final String apiKey;
    private final String runId;
    private final ThreadFactory threads;
    private final SimulationStats stats = new SimulationStats();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String state = "created";
    private volatile String endReason;
    private volatile String failure;
    private volatile long startedNanos;
    private volatile long endedNanos;
    private volatile Instant startedAt;

    public Simulation(SimulationPlan plan, HttpClient http) {
        this(plan, http, "");
    }

    /** @param apiKey sent with every request ({@code Authorization: Bearer}); empty for none */
    public Simulation(SimulationPlan plan, HttpClient http, String apiKey) {
        this(plan, http, apiKey, daemonThreads());
    }

    /** @param threads makes the run's pacer and the threads that carry out the users' steps */
    public Simulation(SimulationPlan plan, HttpClient http, String apiKey, ThreadFactory threads) {
        this.apiKey = apiKey;
        this.threads = threads;
        this.plan = plan.validated();
        this.http = http;
        byte[] id = new byte[4];
        new Random(plan.seed() ^ System.nanoTime()).nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
    }

    /** Threads of a run started outside the service ({@code brisk simulate}): "brisk-simulate-N", daemon. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "brisk-simulate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** An HTTP client suited to a simulation: HTTP/1.1 (what the service speaks), short connect timeout. */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** Runs to the end on the calling thread's watch and returns the final report. */
    public SimulationReport run() throws InterruptedException {
        start();
        ended.await();
        return report();
    }

    /**
     * Reads the popular items the users will browse, then starts the users in the background.
     * Throws {@link IllegalStateException} when the service cannot be reached or has no items.
     */
    public synchronized void start() {
        if (!"created".equals(state)) {
            throw new IllegalStateException("A simulation runs once");
        }
        startedAt = Instant.now();
        startedNanos = System.nanoTime();
        Duration timeout = Duration.ofMillis((long) (plan.requestTimeoutSeconds() * 1000));
        SimulatorClient client = new SimulatorClient(http, plan.target(), timeout, stats, apiKey);
        List<String> popular = popularItems(client);
        if (popular.isEmpty()) {
            state = "failed";
            failure = "Brisk at " + plan.target() + " gave no popular items to browse ("
                    + (stats.errors() > 0 ? "errors: " + stats.endpoints(0).get(SimulatorClient.POPULAR).errors()
                    : "its catalog has no interactions yet") + ")";
            endedNanos = System.nanoTime();
            ended.countDown();
            throw new IllegalStateException(failure);
        }
        BlockingQueue<VirtualUser> idle = new LinkedBlockingQueue<>();
        Random seeds = new Random(plan.seed());
        for (int i = 1; i <= plan.users(); i++) {
            idle.add(new VirtualUser(plan.userPrefix() + i, runId, seeds.nextLong(), client, stats, popular, plan));
        }
        state = "running";
        threads.newThread(() -> pace(idle)).start();
    }

    private List<String> popularItems(SimulatorClient client) {
        Optional<JsonNode> answer = client.get(SimulatorClient.POPULAR, "/popular?n=100");
        List<String> items = new ArrayList<>();
        answer.ifPresent(body -> body.path("items").forEach(item -> {
            String id = item.path("item_id").asText("");
            if (!id.isEmpty()) {
                items.add(id);
            }
        }));
        return List.copyOf(items);
    }

    private void pace(BlockingQueue<VirtualUser> idle) {
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(plan.users(), MAX_WORKERS), threads);
        double interval = SECOND / plan.eventsPerSecond();
        long deadline = plan.durationSeconds() > 0 ? startedNanos + (long) (plan.durationSeconds() * SECOND) : Long.MAX_VALUE;
        long base = System.nanoTime();
        long issued = 0;
        String reason = "stopped";
        try {
            while (true) {
                if (plan.maxEvents() > 0 && issued >= plan.maxEvents()) {
                    reason = "count";
                    break;
                }
                long due = base + (long) (issued * interval);
                long now = System.nanoTime();
                if (now - due > SECOND) {
                    // Far behind (every user busy): forget the backlog rather than burst to catch up.
                    base += now - due - SECOND;
                    due = base + (long) (issued * interval);
                }
                if (due >= deadline) {
                    reason = "duration";
                    break;
                }
                if (due > now && stopRequested.await(due - now, TimeUnit.NANOSECONDS)) {
                    break;
                }
                VirtualUser user = nextIdle(idle, deadline);
                if (user == null) {
                    reason = stopRequested.getCount() == 0 ? "stopped" : "duration";
                    break;
                }
                issued++;
                workers.execute(() -> {
                    try {
                        user.step();
                    } finally {
                        idle.add(user);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdown();
            try {
                workers.awaitTermination((long) (plan.requestTimeoutSeconds() * 2 + 5), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers.shutdownNow();
            endReason = reason;
            endedNanos = System.nanoTime();
            state = "stopped".equals(reason) ? "stopped" : "finished";
            ended.countDown();
        }
    }

    /** The next user that is not busy, waiting while all are; null when the run should end instead. */
    private VirtualUser nextIdle(BlockingQueue<VirtualUser> idle, long deadline) throws InterruptedException {
        while (stopRequested.getCount() > 0 && System.nanoTime() < deadline) {
            VirtualUser user = idle.poll(50, TimeUnit.MILLISECONDS);
            if (user != null) {
                return user;
            }
        }
        return null;
    }

    /** Asks the run to end; requests in flight finish. */
    public void stop() {
        stopRequested.countDown();
    }

    /** Waits for the end; true when the run has ended. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean running() {
        return "running".equals(state);
    }

    public String runId() {
        return runId;
    }

    /** The figures so far (while running) or final (after the end). */
    public SimulationReport report() {
        long start = startedNanos;
        long end = ended.getCount() == 0 ? endedNanos : System.nanoTime();
        double elapsed = start == 0 ? 0 : Math.max(0, (end - start) / (double) SECOND);
        var events = stats.events();
        long requests = stats.requests();
        return new SimulationReport(runId, "created".equals(state) ? "running" : state, endReason,
                startedAt == null ? null : startedAt.toString(), SimulationStats.round(elapsed), plan, events,
                stats.recommendationLists.sum(), requests, stats.errors(),
                elapsed == 0 ? 0 : SimulationStats.round(events.sent() / elapsed),
                elapsed == 0 ? 0 : SimulationStats.round(requests / elapsed), stats.endpoints(elapsed), failure);
    }
}
