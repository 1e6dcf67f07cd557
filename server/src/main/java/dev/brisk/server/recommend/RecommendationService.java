package dev.brisk.server.recommend;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.ListKey;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.Rotation;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.cache.UserGenerations;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.store.EventStore;
import dev.brisk.server.store.Json;
import dev.brisk.server.store.ServedItem;
import dev.brisk.server.training.ModelRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The request path: cache → the user's current history → model → filter, rotate and explain →
 * log → cache. A cached list is served only while the model that made it is the current one. A
 * model that has not finished its first training is stood in for by popularity. Anonymous
 * visitors are served from the interactions they send, without cache or history.
 */
public final class RecommendationService {
    private static final int MAX_DEMOTED = 100;

    private final RecommendationCache cache;
    private final UserGenerations generations;
    private final EventStore events;
    private final CatalogService catalog;
    private final ModelRegistry models;
    private final RecommendationLogWriter logs;
    private final BriskMetrics metrics;
    private final int historyLimit;
    private final Rotation rotation;

    public RecommendationService(RecommendationCache cache, UserGenerations generations, EventStore events,
                                 CatalogService catalog, ModelRegistry models, RecommendationLogWriter logs,
                                 BriskMetrics metrics, int historyLimit, Rotation rotation) {
        this.cache = cache;
        this.generations = generations;
        this.events = events;
        this.catalog = catalog;
        this.models = models;
        this.logs = logs;
        this.metrics = metrics;
        this.historyLimit = historyLimit;
        this.rotation = rotation;
    }

    public ServedList recommend(RecommendRequest request) {
        long started = System.nanoTime();
        String type = request.model() == null ? models.defaultType() : request.model();
        Recommender model = servable(type);
        String key = new ListKey(request.userId(), type, request.n(), request.genre(), request.excludeSeen()).toString();
        boolean cacheable = request.exclude().isEmpty();
        String requestId = UUID.randomUUID().toString();

        ServedList.Cached list = cacheable ? cached(key, model).orElse(null) : null;
        boolean hit = list != null;
        if (!hit) {
            long generation = generations.current(request.userId());
            list = compute(request, type, model);
            metrics.listComputed(request.userId(), System.nanoTime());
            if (cacheable) {
                cache.put(key, Json.write(list));
                if (generations.current(request.userId()) != generation) {
                    // An event arrived while this list was computed from the older history.
                    cache.invalidateUser(request.userId());
                }
            }
        }
        long tookNanos = System.nanoTime() - started;
        metrics.recommendTook(tookNanos);
        ServedList served = new ServedList(requestId, request.userId(), list.model(), list.modelVersion(), hit,
                list.coldStart(), Math.round(tookNanos / 1_000.0) / 1_000.0, list.items());
        log(served);
        return served;
    }

    private Optional<ServedList.Cached> cached(String key, Recommender model) {
        return cache.get(key).map(json -> {
            try {
                return Json.MAPPER.readValue(json, ServedList.Cached.class);
            } catch (JsonProcessingException e) {
                return null;
            }
        }).filter(list -> list.modelVersion().equals(model.info().version()));
    }

    /** The model of a type, or popularity while that one is not trained yet. */
    private Recommender servable(String type) {
        return models.get(type).or(() -> models.get(Popularity.TYPE))
                .orElseThrow(() -> new ModelUnavailableException(type));
    }

    /** A list for an anonymous visitor from the interactions they sent (any order); nothing is cached or stored. */
    public ServedList recommendSession(List<Event> interactions, RecommendRequest request) {
        long started = System.nanoTime();
        String type = request.model() == null ? models.defaultType() : request.model();
        List<Event> history = new ArrayList<>(interactions);
        history.sort((a, b) -> Long.compare(b.timestamp(), a.timestamp()));
        ServedList.Cached list = rank(request, type, servable(type), history);
        double took = Math.round((System.nanoTime() - started) / 1_000.0) / 1_000.0;
        return new ServedList(UUID.randomUUID().toString(), null, list.model(), list.modelVersion(), false,
                list.coldStart(), took, list.items());
    }

    private ServedList.Cached compute(RecommendRequest request, String type, Recommender model) {
        return rank(request, type, model, events.recentHistory(request.userId(), historyLimit));
    }

    private ServedList.Cached rank(RecommendRequest request, String type, Recommender model, List<Event> history) {
        boolean coldStart = history.stream().noneMatch(e -> e.type().isPreference());
        Catalog items = catalog.current();
        CandidateFilter filter = itemId -> items.isServable(itemId) && !request.exclude().contains(itemId);
        if (request.excludeSeen()) {
            Set<String> seen = new HashSet<>();
            for (Event e : history) {
                if (e.type().isPreference()) {
                    seen.add(e.itemId());
                }
            }
            filter = filter.and(itemId -> !seen.contains(itemId));
        }
        Recommender used = model;
        if (coldStart && !Popularity.TYPE.equals(type)) {
            used = models.get(Popularity.TYPE).orElse(model);
        }
        // Items shown too often without a click go behind the others: ask for enough to fill their places.
        Set<String> demoted = rotation.overexposed(history);
        int wanted = request.n() + Math.min(demoted.size(), MAX_DEMOTED);
        List<Recommendation> recs = Rotation.demote(used.recommend(
                new RecommendQuery(request.userId(), history, wanted, request.genre(), filter)), demoted, request.n());
        List<ServedList.Entry> entries = new ArrayList<>(recs.size());
        for (Recommendation r : recs) {
            entries.add(new ServedList.Entry(entries.size() + 1, r.itemId(), items.titleOf(r.itemId()),
                    items.genresOf(r.itemId()), r.score(), r.explanation().text(), r.explanation().kind(),
                    r.explanation().becauseOf()));
        }
        return new ServedList.Cached(used.type(), used.info().version(), coldStart, entries);
    }

    private void log(ServedList served) {
        long now = System.currentTimeMillis();
        List<ServedItem> rows = new ArrayList<>(served.items().size());
        for (ServedList.Entry e : served.items()) {
            rows.add(new ServedItem(served.requestId(), served.userId(), e.itemId(), e.rank(), served.model(),
                    served.modelVersion(), e.score(), e.explanation(), now, null));
        }
        logs.log(rows);
    }
}
