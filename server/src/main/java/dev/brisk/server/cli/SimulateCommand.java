package dev.brisk.server.cli;

import dev.brisk.server.simulate.Simulation;
import dev.brisk.server.simulate.SimulationPlan;
import dev.brisk.server.simulate.SimulationReport;
import dev.brisk.server.store.Json;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brisk simulate}: drives a running Brisk over HTTP with concurrent simulated users for a
 * duration or an event count, shows a live progress line, and ends with a summary per endpoint
 * (requests, errors by kind, throughput, latency percentiles), as a table or {@code --json}.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"Drive a running Brisk with simulated users: sessions of views, clicks on recommended items "
                + "(with recommendation_id), ratings and purchases, plus recommendation requests.",
                "Ends by itself after --duration or --events, whichever comes first."})
public final class SimulateCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "Brisk to drive (default: ${DEFAULT-VALUE}).")
    URI url;
    @Option(names = "--users", defaultValue = "20", description = "Concurrent simulated users (default: ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--rate", defaultValue = "50", description = "Events per second in total (default: ${DEFAULT-VALUE}); "
            + "recommendation requests come on top.")
    double rate;
    @Option(names = "--duration", description = "How long to run, like 30s, 5m or 1h (default: 30s unless --events is given).")
    String duration;
    @Option(names = "--events", defaultValue = "0", description = "Stop after this many events (0: no count limit).")
    long events;
    @Option(names = "--user-prefix", defaultValue = "sim-u", description = "Users are PREFIX1..PREFIXN (default: ${DEFAULT-VALUE}).")
    String userPrefix;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the users' choices (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--timeout", defaultValue = "10s", description = "Timeout of one request (default: ${DEFAULT-VALUE}).")
    String timeout;
    @Option(names = "--click-probability", split = ",", paramLabel = "MODEL=P",
            description = "Per model, the chance that a step on a list of that model is a click (0-0.8; 0.25 for models "
                    + "not named), e.g. als=0.4,popular=0.1: simulated users then prefer one model's lists, so that an "
                    + "A/B experiment shows a difference.")
    java.util.Map<String, Double> clickProbabilities = new java.util.LinkedHashMap<>();

    @Option(names = "--api-key", defaultValue = "${env:BRISK_API_KEY}",
            description = "API key with the write role, when the service requires keys (default: $BRISK_API_KEY).")
    String apiKey;
    @Option(names = "--json", description = "Print the summary as JSON on standard output.")
    boolean json;
    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        SimulationPlan plan;
        try {
            double seconds = duration != null ? seconds("--duration", duration) : events > 0 ? 0 : 30;
            plan = new SimulationPlan(url, users, rate, seconds, events, userPrefix, seed, seconds("--timeout", timeout),
                    clickProbabilities).validated();
        } catch (IllegalArgumentException e) {
            System.err.println("brisk simulate: " + e.getMessage());
            return 2;
        }
        Simulation simulation = new Simulation(plan, Simulation.httpClient(Duration.ofSeconds(5)),
                apiKey == null ? "" : apiKey);
        // Ctrl-C ends the run early; the hook holds the JVM until the summary is printed.
        CountDownLatch printed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulation.stop();
            try {
                printed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "brisk-simulate-stop"));
        try {
            simulation.start();
        } catch (IllegalStateException e) {
            System.err.println("brisk simulate: " + e.getMessage());
            printed.countDown();
            return 1;
        }
        boolean progress = !quiet;
        boolean terminal = System.console() != null;
        while (!simulation.awaitEnd(Duration.ofSeconds(1))) {
            if (progress) {
                String line = progressLine(simulation.report());
                System.err.print(terminal ? "\r" + line + "   " : line + System.lineSeparator());
                System.err.flush();
            }
        }
        SimulationReport report = simulation.report();
        if (progress && terminal) {
            System.err.println();
        }
        if (json) {
            System.out.println(Json.write(report));
        } else {
            print(report, System.out);
        }
        System.out.flush();
        printed.countDown();
        return 0;
    }

    static String progressLine(SimulationReport r) {
        SimulationPlan p = r.plan();
        String of = p.durationSeconds() > 0 ? String.format(Locale.ROOT, "/%.0fs", p.durationSeconds()) : "";
        String count = p.maxEvents() > 0 ? "/" + p.maxEvents() : "";
        var recommend = r.endpoints().get("GET /recommend");
        return String.format(Locale.ROOT, "%5.1fs%s  events %d%s (%.1f/s)  accepted %d  lists %d  errors %d  "
                        + "recommend p99 %s", r.elapsedSeconds(), of, r.events().sent(), count, r.eventsPerSecond(),
                r.events().accepted(), r.recommendationLists(), r.errors(),
                recommend == null ? "-" : String.format(Locale.ROOT, "%.1f ms", recommend.latencyMs().p99()));
    }

    static void print(SimulationReport r, PrintStream out) {
        out.printf(Locale.ROOT, "Simulation %s: %s after %.1f s (%s), %d users at %s events/s against %s%n",
                r.runId(), r.state(), r.elapsedSeconds(), r.endReason(), r.plan().users(),
                trim(r.plan().eventsPerSecond()), r.plan().target());
        var e = r.events();
        out.printf(Locale.ROOT, "Events: %d sent, %d accepted, %d duplicates, %d failed; %d with a recommendation_id; "
                        + "accepted by type %s%n", e.sent(), e.accepted(), e.duplicates(), e.failed(),
                e.withRecommendationId(), e.acceptedByType());
        out.printf(Locale.ROOT, "Throughput: %.1f events/s, %.1f requests/s; %d recommendation lists; %d requests, "
                + "%d errors%n", r.eventsPerSecond(), r.requestsPerSecond(), r.recommendationLists(), r.requests(), r.errors());
        out.printf(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s %9s %9s %9s  %s%n", "endpoint", "requests", "ok", "req/s",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms", "errors");
        for (Map.Entry<String, SimulationReport.Endpoint> entry : r.endpoints().entrySet()) {
            var p = entry.getValue();
            var l = p.latencyMs();
            out.printf(Locale.ROOT, "%-16s %9d %9d %9.1f %9.2f %9.2f %9.2f %9.2f %9.2f  %s%n", entry.getKey(),
                    p.requests(), p.ok(), p.requestsPerSecond(), l.p50(), l.p95(), l.p99(), l.max(), l.mean(),
                    p.errors().isEmpty() ? "-" : p.errors());
        }
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static double seconds(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a duration like 500ms, 30s, 5m or 1h, got '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> n / 1000;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }
}
