package dev.brisk.client;

import java.time.Duration;

/**
 * Told to the builder's {@code onRetry} listener before each retry: which call, which attempt
 * failed, how (the HTTP status and error code, or status 0 and the I/O error), and the wait.
 */
public record RetryNotice(String method, String path, int failedAttempt, int status, String reason, Duration delay) {
}
