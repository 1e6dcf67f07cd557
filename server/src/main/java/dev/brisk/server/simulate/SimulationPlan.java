package dev.brisk.server.simulate;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a simulation does: how many users, how many events per second in total, and when it ends —
 * after {@code durationSeconds}, after {@code maxEvents} events, or at whichever comes first.
 * Recommendation requests come on top of the events, as the simulated sessions need them.
 *
 * @param target          the Brisk to drive, such as {@code http://127.0.0.1:8000}
 * @param durationSeconds 0 for no time limit (then {@code maxEvents} must be set)
 * @param maxEvents       0 for no count limit (then {@code durationSeconds} must be set)
 * @param userPrefix      simulated users are {@code PREFIX1} to {@code PREFIXN}
 * @param clickProbabilities per model, the chance that a user's step on a list of that model is a
 *                        click on it ({@link #DEFAULT_CLICK_PROBABILITY} for models not named): how
 *                        simulated users come to prefer one model's lists, so an experiment can be
 *                        watched end to end
 */
public record SimulationPlan(URI target, int users, double eventsPerSecond, double durationSeconds, long maxEvents,
                             String userPrefix, long seed, double requestTimeoutSeconds,
                             Map<String, Double> clickProbabilities) {
    public static final double DEFAULT_CLICK_PROBABILITY = 0.25;
    /** At most this, so that a session still views, rates and buys besides clicking. */
    public static final double MAX_CLICK_PROBABILITY = 0.8;
    public static final int MAX_USERS = 10_000;
    public static final double MAX_RATE = 100_000;
    public static final double MAX_DURATION_SECONDS = 86_400;
    public static final long MAX_EVENTS = 100_000_000L;

    public SimulationPlan {
        clickProbabilities = clickProbabilities == null ? Map.of() : Map.copyOf(clickProbabilities);
    }

    /** A plan whose users click every model's lists alike. */
    public SimulationPlan(URI target, int users, double eventsPerSecond, double durationSeconds, long maxEvents,
                          String userPrefix, long seed, double requestTimeoutSeconds) {
        this(target, users, eventsPerSecond, durationSeconds, maxEvents, userPrefix, seed, requestTimeoutSeconds, Map.of());
    }

    /** The chance that a step on a list made by this model is a click. */
    public double clickProbability(String model) {
        return clickProbabilities.getOrDefault(model, DEFAULT_CLICK_PROBABILITY);
    }

    /** Every problem of the plan, empty when it can run. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (target == null || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))
                || target.getHost() == null) {
            problems.add("the target must be an http:// or https:// URL with a host, got " + target);
        }
        if (users < 1 || users > MAX_USERS) {
            problems.add("users must be from 1 to " + MAX_USERS + ", got " + users);
        }
        if (!(eventsPerSecond > 0) || eventsPerSecond > MAX_RATE) {
            problems.add("the rate must be above 0 and at most " + (long) MAX_RATE + " events/s, got " + eventsPerSecond);
        }
        if (durationSeconds < 0 || durationSeconds > MAX_DURATION_SECONDS || Double.isNaN(durationSeconds)) {
            problems.add("the duration must be from 0 to " + (long) MAX_DURATION_SECONDS + " s, got " + durationSeconds);
        }
        if (maxEvents < 0 || maxEvents > MAX_EVENTS) {
            problems.add("the event count must be from 0 to " + MAX_EVENTS + ", got " + maxEvents);
        }
        if (durationSeconds == 0 && maxEvents == 0) {
            problems.add("give a duration, an event count or both, so that the run ends by itself");
        }
        if (userPrefix == null || !userPrefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
            problems.add("the user prefix must be 1-64 letters, digits or _.:-, got " + userPrefix);
        }
        if (!(requestTimeoutSeconds > 0) || requestTimeoutSeconds > 300) {
            problems.add("the request timeout must be above 0 and at most 300 s, got " + requestTimeoutSeconds);
        }
        clickProbabilities.forEach((model, p) -> {
            if (model == null || !model.matches("[a-z_]{1,32}")) {
                problems.add("a click probability must name a model (like als), got " + model);
            }
            if (p == null || !(p >= 0) || p > MAX_CLICK_PROBABILITY) {
                problems.add("the click probability of " + model + " must be from 0 to " + MAX_CLICK_PROBABILITY
                        + ", got " + p);
            }
        });
        return problems;
    }

    /** Throws {@link IllegalArgumentException} naming every problem. */
    public SimulationPlan validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return this;
    }
}
