package dev.brisk.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A client of one Brisk service. Make one per service and share it: it holds one HTTP client
 * whose connections are reused, and it is safe to use from many threads.
 * <pre>{@code
 * BriskClient brisk = BriskClient.builder().baseUrl("http://localhost:8080").apiKey(key).build();
 * brisk.events().send(Event.of("u42", "i17", EventType.CLICK));
 * RecommendationList list = brisk.recommendations().forUser(RecommendRequest.forUser("u42").n(5));
 * }</pre>
 * The calls are grouped as the API is: {@link #events()}, {@link #recommendations()},
 * {@link #users()}, {@link #items()}, {@link #cache()}, {@link #monitoring()}, {@link #models()},
 * {@link #experiments()}, {@link #keys()}. Every failure is a {@link BriskException}.
 */
public final class BriskClient {
    private final EventsApi events;
    private final RecommendationsApi recommendations;
    private final UsersApi users;
    private final ItemsApi items;
    private final CacheApi cache;
    private final MonitoringApi monitoring;
    private final ModelsApi models;
    private final ExperimentsApi experiments;
    private final KeysApi keys;

    private BriskClient(Builder b) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        Transport transport = new Transport(http, b.baseUrl, b.apiKey, b.requestTimeout, b.retries, b.onRetry);
        events = new EventsApi(transport, b.maxBatchEvents);
        recommendations = new RecommendationsApi(transport);
        users = new UsersApi(transport);
        items = new ItemsApi(transport);
        cache = new CacheApi(transport);
        monitoring = new MonitoringApi(transport);
        models = new ModelsApi(transport);
        experiments = new ExperimentsApi(transport);
        keys = new KeysApi(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Send events: one, a batch, a stream of any size, or through an {@link EventBatcher}. */
    public EventsApi events() {
        return events;
    }

    /** Lists for users and anonymous sessions, popular and newest items, similar items. */
    public RecommendationsApi recommendations() {
        return recommendations;
    }

    /** Users: labels and properties, profiles, activity, sessions, explanations, similar users; search; erasure. */
    public UsersApi users() {
        return users;
    }

    /** The catalog: list and search, read, create or replace, change some fields, upload many, deactivate. */
    public ItemsApi items() {
        return items;
    }

    /** The recommendation cache's figures; dropping a user's lists or all of them. */
    public CacheApi cache() {
        return cache;
    }

    /** Health, readiness, live figures, their history, Prometheus text, engagement. */
    public MonitoringApi monitoring() {
        return monitoring;
    }

    /** The models' state; retraining; the training history. */
    public ModelsApi models() {
        return models;
    }

    /** A/B experiments: start, read, stop, results, timeline, a user's group. */
    public ExperimentsApi experiments() {
        return experiments;
    }

    /** API keys: create, list, revoke; what the presented key may do. */
    public KeysApi keys() {
        return keys;
    }

    /** The settings of a client; only the base URL is required. */
    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private int maxBatchEvents = 10_000;
        private Consumer<RetryNotice> onRetry = notice -> { };

        private Builder() {
        }

        /** Where the service answers, e.g. {@code http://localhost:8080}. */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "url");
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL, not " + url);
            }
            this.baseUrl = uri;
            return this;
        }

        /** The API key, sent as {@code Authorization: Bearer <key>}; null (the default) for a service without keys. */
        public Builder apiKey(String key) {
            this.apiKey = key == null || key.isBlank() ? null : key.strip();
            return this;
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long each attempt may wait for its answer (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** When to retry (default {@link RetryPolicy#DEFAULT}; {@link RetryPolicy#NONE} never). */
        public Builder retries(RetryPolicy policy) {
            this.retries = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The most events per request (default 10,000, the service's default BRISK_MAX_BATCH_EVENTS):
         * {@code events().stream} and batchers split larger amounts into requests of this size.
         */
        public Builder maxBatchEvents(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxBatchEvents must be at least 1, not " + max);
            }
            this.maxBatchEvents = max;
            return this;
        }

        /** Told before each retry (to log or count them). */
        public Builder onRetry(Consumer<RetryNotice> listener) {
            this.onRetry = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public BriskClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("Set the service's baseUrl, e.g. http://localhost:8080");
            }
            return new BriskClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, not " + d);
            }
            return d;
        }
    }
}
