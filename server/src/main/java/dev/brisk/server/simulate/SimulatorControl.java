package dev.brisk.server.simulate;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The crowd simulator behind the dashboard: the same engine as {@code brisk simulate}, run inside
 * the service against its own API over loopback HTTP, so that simulated traffic takes the same path
 * as real traffic and shows in every figure. One run at a time, within tight bounds, always ending
 * by itself.
 */
public final class SimulatorControl implements AutoCloseable {
    public static final int MAX_USERS = 200;
    public static final double MAX_EVENTS_PER_SECOND = 200;
    public static final int MAX_DURATION_SECONDS = 600;
    public static final String USER_PREFIX = "sim-u";

    private final Supplier<URI> target;
    private final HttpClient http = Simulation.httpClient(Duration.ofSeconds(2));
    private Simulation current;

    private final String apiKey;
    private final ThreadFactory threads;

    /**
     * @param target the service's own API, known once its port is bound
     * @param apiKey the key the simulated users send (this instance's own, see {@code security.ApiKeys})
     * @param threads makes the threads of every run (the service's own named threads)
     */
    public SimulatorControl(Supplier<URI> target, String apiKey, ThreadFactory threads) {
        this.target = target;
        this.apiKey = apiKey;
        this.threads = threads;
    }

    /**
     * Starts a run. Throws {@link IllegalArgumentException} for values out of bounds and
     * {@link IllegalStateException} when a run is going on or the service gave nothing to browse.
     */
    public synchronized SimulationReport start(int users, double eventsPerSecond, int durationSeconds,
                                               Map<String, Double> clickProbabilities) {
        if (current != null && current.running()) {
            throw new IllegalStateException("A simulation is running; stop it first");
        }
        StringBuilder problems = new StringBuilder();
        if (users < 1 || users > MAX_USERS) {
            problems.append("users must be from 1 to ").append(MAX_USERS).append(", got ").append(users).append("; ");
        }
        if (!(eventsPerSecond >= 0.1) || eventsPerSecond > MAX_EVENTS_PER_SECOND) {
            problems.append("events_per_second must be from 0.1 to ").append((int) MAX_EVENTS_PER_SECOND)
                    .append(", got ").append(eventsPerSecond).append("; ");
        }
        if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
            problems.append("duration_seconds must be from 1 to ").append(MAX_DURATION_SECONDS).append(", got ")
                    .append(durationSeconds).append("; ");
        }
        if (problems.length() > 0) {
            throw new IllegalArgumentException(problems.substring(0, problems.length() - 2));
        }
        Simulation run = new Simulation(new SimulationPlan(target.get(), users, eventsPerSecond, durationSeconds, 0,
                USER_PREFIX, System.nanoTime(), 10, clickProbabilities).validated(), http, apiKey, threads);
        current = run;
        run.start();
        return run.report();
    }

    /** Stops the current run, waiting briefly for its requests in flight; empty when none ever ran. */
    public Optional<SimulationReport> stop() {
        Simulation run;
        synchronized (this) {
            run = current;
        }
        if (run == null) {
            return Optional.empty();
        }
        run.stop();
        try {
            run.awaitEnd(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(run.report());
    }

    /** The current or last run's report; empty when none ran since the start. */
    public synchronized Optional<SimulationReport> last() {
        return Optional.ofNullable(current).map(Simulation::report);
    }

    @Override
    public void close() {
        stop();
    }
}
