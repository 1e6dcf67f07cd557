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
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.store.EventStore;
import dev.brisk.server.store.Json;
import dev.brisk.server.store.ServedItem;
import dev.brisk.server.store.StoreException;
import dev.brisk.server.training.ModelRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The request path: cache → the user's current history → model → filter and explain → log →
 * cache. A cached list is served only while the model that made it is the current one.
 */
public final class RecommendationService {
    private final RecommendationCache cache;
    private final EventStore events;
    private final CatalogService catalog;
    private final ModelRegistry models;
    private final RecommendationLogWriter logs;
    private final BriskMetrics metrics;
    private final int historyLimit;

    public RecommendationService(RecommendationCache cache, EventStore events,
                                 CatalogService catalog, ModelRegistry models, RecommendationLogWriter logs,
                                 BriskMetrics metrics, int historyLimit) {
        this.cache = cache;
        this.events = events;
        this.catalog = catalog;
        this.models = models;
        this.logs = logs;
        this.metrics = metrics;
        this.historyLimit = historyLimit;
    }

    public ServedList recommend(RecommendRequest request) {
        long started = System.nanoTime();
        String type = request.model() == null ? models.defaultType() : request.model();
        Recommender model = models.get(type).orElseThrow(() -> new ModelUnavailableException(type));
        String key = new ListKey(request.userId(), type, request.n(), request.genre(), request.excludeSeen()).toString();
        boolean cacheable = request.exclude().isEmpty();
        String requestId = UUID.randomUUID().toString();

        ServedList.Cached list = cacheable ? cached(key, model).orElse(null) : null;
        boolean hit = list != null;
        if (!hit) {
            long generation = cacheable ? cache.generation(request.userId()) : -1;
            List<Event> history = history(request.userId());
            list = compute(request, type, model, history == null ? List.of() : history);
            metrics.listComputed(request.userId(), System.nanoTime());
            if (cacheable && history != null) {
                // Refused by the cache when an event for this user was acknowledged meanwhile.
                cache.put(key, Json.write(list), generation);
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
        }).filter(list -> list.modelVersion().equals(model.info().version()) && allServable(list));
    }

    /** A list holding an item deactivated since it was cached is made again. */
    private boolean allServable(ServedList.Cached list) {
        Catalog items = catalog.current();
        for (ServedList.Entry e : list.items()) {
            if (!items.isServable(e.itemId())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The user's current history, or null when the store cannot be read: the list is then made
     * from the loaded model alone (as for a new user) and not cached.
     */
    private List<Event> history(String userId) {
        try {
            return events.recentHistory(userId, historyLimit);
        } catch (StoreException e) {
            return null;
        }
    }

    private ServedList.Cached compute(RecommendRequest request, String type, Recommender model, List<Event> history) {
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
        List<Recommendation> recs = used.recommend(
                new RecommendQuery(request.userId(), history, request.n(), request.genre(), filter));
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
