package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Sends calls over one shared {@link HttpClient} (its connections are kept and reused), with the
 * API key, a timeout per attempt, and the retry policy; turns error answers into
 * {@link BriskException}s.
 */
final class Transport {
    private static final String USER_AGENT = "brisk-java-client";

    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final Consumer<RetryNotice> onRetry;

    Transport(HttpClient http, URI base, String apiKey, Duration requestTimeout, RetryPolicy retries,
              Consumer<RetryNotice> onRetry) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.onRetry = onRetry;
    }

    /** Sends a call and reads its 2xx answer as {@code type}. */
    <T> T send(Call call, Class<T> type) {
        return Json.read(json(call), type);
    }

    /** Sends a call and returns its 2xx answer as JSON. */
    JsonNode json(Call call) {
        HttpResponse<byte[]> answer = exchange(call);
        JsonNode body = parse(answer.body());
        if (answer.statusCode() / 100 != 2) {
            throw BriskException.fromAnswer(answer.statusCode(), body, text(answer), retryAfter(answer));
        }
        if (body == null) {
            throw new BriskException(answer.statusCode(), "not_json", call.method() + " " + call.path()
                    + " answered something that is not JSON: " + text(answer), null, null, null);
        }
        return body;
    }

    /** Sends a call, retrying as the policy allows, and returns the last answer whatever its status. */
    HttpResponse<byte[]> exchange(Call call) {
        HttpRequest request = request(call);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // Nothing reached the service when the connection could not even be made.
                boolean safe = call.repeatable() || e instanceof ConnectException;
                if (!safe || attempt >= retries.maxAttempts()) {
                    throw new BriskConnectionException(call.method() + " " + call.path() + " got no answer after "
                            + attempt + " attempt(s): " + e, e);
                }
                pause(call, attempt, 0, e.toString(), null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BriskConnectionException(call.method() + " " + call.path() + " was interrupted",
                        new java.io.InterruptedIOException(e.getMessage()));
            }
            int status = answer.statusCode();
            Duration retryAfter = retryAfter(answer);
            boolean retryable = status == 429 || (status == 503 && call.repeatable());
            if (!retryable || attempt >= retries.maxAttempts() || retries.tooLong(retryAfter)) {
                return answer;
            }
            pause(call, attempt, status, errorCode(answer), retryAfter);
        }
    }

    private HttpRequest request(Call call) {
        // Relative to the base URL, so a service behind a path prefix (/brisk/...) is reached too.
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(call.path().substring(1)))
                .timeout(requestTimeout)
                .header("Accept", call.accept())
                .header("User-Agent", USER_AGENT);
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (call.body() == null) {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", call.contentType())
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        }
        return b.build();
    }

    private void pause(Call call, int attempt, int status, String reason, Duration retryAfter) {
        Duration delay = retries.delayAfter(attempt, retryAfter);
        onRetry.accept(new RetryNotice(call.method(), call.path(), attempt, status, reason, delay));
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BriskConnectionException(call.method() + " " + call.path() + " was interrupted while waiting"
                    + " to retry", new java.io.InterruptedIOException(e.getMessage()));
        }
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    static String text(HttpResponse<byte[]> answer) {
        return new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String errorCode(HttpResponse<byte[]> answer) {
        JsonNode body = parse(answer.body());
        return body == null ? "http_" + answer.statusCode() : body.path("error").path("code").asText("http_" + answer.statusCode());
    }

    /** The Retry-After header in seconds (the service never sends a date); null when absent or unreadable. */
    private static Duration retryAfter(HttpResponse<byte[]> answer) {
        return answer.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }
}
