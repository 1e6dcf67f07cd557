package dev.brisk.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a call again: up to {@code maxAttempts} attempts in all, waiting an exponential
 * backoff ({@code initialDelay}, doubled each time, at most {@code maxDelay}) with random jitter
 * so that many clients do not come back in step — and never sooner than the service's
 * {@code Retry-After}. When the service asks for a longer wait than {@code maxDelay}, the client
 * stops and throws, with the wait in {@link BriskException#retryAfter()}.
 * <p>Which calls are retried: any refused with 429 (refused before it ran); calls that are safe to
 * repeat (reads, PUT and DELETE, events — each has its id — and item uploads, which replace) also
 * on 503 and on an I/O error or timeout; calls that create or trigger something (a key, an
 * experiment, a training run) only when the connection could not be made at all.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** 4 attempts, from 100 ms up to 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(10));

    /** One attempt only. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, not " + initialDelay + " and " + maxDelay);
        }
    }

    /**
     * The wait before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed:
     * half the backoff plus a random part of the other half, and at least {@code retryAfter}.
     */
    Duration delayAfter(int attempt, Duration retryAfter) {
        long backoff = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        backoff = Math.min(Math.max(backoff, 0), maxDelay.toMillis());
        long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        long wait = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
        return Duration.ofMillis(wait);
    }

    /** Whether the service's Retry-After is longer than this policy is willing to wait. */
    boolean tooLong(Duration retryAfter) {
        return retryAfter != null && retryAfter.compareTo(maxDelay) > 0;
    }
}
