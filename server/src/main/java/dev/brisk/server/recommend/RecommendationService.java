package dev.brisk.server.recommend;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.TimeOrderedIds;
import dev.brisk.core.experiments.ExperimentRules;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ListKey;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.Rotation;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.experiments.Assigned;
import dev.brisk.server.metrics.BriskMetrics;
import dev.brisk.server.store.Json;
import dev.brisk.server.store.StoreException;
import dev.brisk.server.training.ModelRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The request path: cache → the user's current history → model → filter, rotate and explain →
 * log → cache. A cached list is served only while the model that made it is the current one. A
 * model that has not finished its first training is stood in for by popularity. Anonymous
 * visitors are served from the interactions they send, without cache or history.
 * <p>While an experiment runs, a request that names no model is served the model of the user's
 * variant (with the variant's parameters), cached under a key of that variant, and logged with the
 * experiment and variant; a request that names a model is served as asked and counts for nothing.
 */
public final class RecommendationService {
    private static final int MAX_DEMOTED = 100;

    private final RecommendationCache cache;
    private final UserHistories histories;
    private final CatalogService catalog;
    private final ModelRegistry models;
    private final RecommendationLogWriter logs;
    private final BriskMetrics metrics;
    private final Rotation rotation;
    private final Function<String, Optional<Assigned>> experiments;
    /** Hybrids re-blended with a variant's weights, per experiment and variant, for the model they were made from. */
    private final Map<String, Reblended> reblended = new ConcurrentHashMap<>();

    private record Reblended(Recommender from, Recommender model) {
    }

    /** @param experiments the running experiment's variant for a user, empty when none runs */
    public RecommendationService(RecommendationCache cache, UserHistories histories,
                                 CatalogService catalog, ModelRegistry models, RecommendationLogWriter logs,
                                 BriskMetrics metrics, Rotation rotation,
                                 Function<String, Optional<Assigned>> experiments) {
        this.experiments = experiments;
        this.cache = cache;
        this.histories = histories;
        this.catalog = catalog;
        this.models = models;
        this.logs = logs;
        this.metrics = metrics;
        this.rotation = rotation;
    }

    /** A user's list, as objects; a cached one is decoded (the API's own route uses {@link #recommendJson}). */
    public ServedList recommend(RecommendRequest page) {
        Served served = serve(page);
        return new ServedList(served.requestId(), served.userId(), served.list().model(), served.list().modelVersion(),
                served.hit(), served.list().coldStart(), served.tookMicros() / 1_000.0,
                served.made() != null ? served.made().items().subList(served.from(), served.to())
                        : served.list().items(served.from(), served.to()),
                served.experiment());
    }

    /**
     * A user's list as the body of {@code /recommend}: the same fields as {@link #recommend}
     * encoded, but a cached list is answered by splicing this request's fields into its stored
     * text, without decoding or encoding it.
     */
    public byte[] recommendJson(RecommendRequest page) {
        Served served = serve(page);
        return served.list().body(served.requestId(), served.hit(), served.tookMicros(), served.from(), served.to(),
                served.experiment() == null ? null : Json.write(served.experiment()));
    }

    /**
     * A list found in the cache or made, the page of it asked for ({@code from} inclusive, {@code to}
     * exclusive), and the request's own fields; {@code made} is the list as objects when it was made
     * for this request.
     */
    private record Served(String requestId, String userId, CachedList list, ServedList.Cached made, boolean hit,
                          long tookMicros, int from, int to, ServedList.InExperiment experiment) {
    }

    private Served serve(RecommendRequest page) {
        long started = System.nanoTime();
        RecommendRequest request = page.wholeList();
        Assigned assigned = request.model() == null ? experiments.apply(request.userId()).orElse(null) : null;
        String type = assigned != null ? assigned.variant().model()
                : request.model() == null ? models.defaultType() : request.model();
        Recommender model = assigned == null ? servable(type) : forVariant(servable(type), assigned);
        String key = (assigned == null
                ? new ListKey(request.userId(), type, request.n(), request.genre(), request.excludeSeen())
                : new ListKey(request.userId(), type, request.n(), request.genre(), request.excludeSeen(),
                        assigned.experimentId(), assigned.variant().name())).toString();
        boolean cacheable = request.exclude().isEmpty();
        String requestId = TimeOrderedIds.next();

        CachedList list = cacheable ? cached(key) : null;
        ServedList.Cached made = null;
        boolean hit = list != null;
        if (!hit) {
            UserHistories.Recent recent = history(request.userId(), cacheable);
            List<Event> history = recent == null ? null : recent.history();
            long generation = recent == null ? -1 : recent.generation();
            made = rank(request, type, model, history == null ? List.of() : history);
            metrics.listComputed(request.userId(), System.nanoTime());
            list = CachedList.of(request.userId(), made);
            if (cacheable && history != null) {
                // Refused by the cache when an event for this user was acknowledged meanwhile.
                cache.put(key, list.text(), generation);
            }
        }
        long tookNanos = System.nanoTime() - started;
        metrics.recommendTook(tookNanos);
        // The page keeps its ranks in the whole list, which is what the log records.
        int from = Math.min(page.offset(), list.size());
        int to = Math.min(from + page.n(), list.size());
        ServedList.InExperiment experiment = assigned == null ? null
                : new ServedList.InExperiment(assigned.experimentId(), assigned.variant().name(), type);
        if (from < to) {
            // The page's ids, joined as the log keeps them: no work per item here. The same list served
            // again to the user is answered with the id of a repeat of the first.
            requestId = logs.log(list.logged(requestId, request.userId(), from, to, experiment));
        }
        return new Served(requestId, request.userId(), list, made, hit, Math.round(tookNanos / 1_000.0), from, to,
                experiment);
    }

    /**
     * The model a variant serves: the model itself, or a hybrid blended with the variant's fixed
     * weights (made once per model version; nothing is retrained).
     */
    private Recommender forVariant(Recommender model, Assigned assigned) {
        Object weights = assigned.variant().params().get("weights");
        if (weights == null || !(model instanceof Hybrid hybrid)) {
            return model;
        }
        String key = assigned.experimentId() + " / " + assigned.variant().name();
        return reblended.compute(key, (k, old) -> old != null && old.from() == model ? old
                : new Reblended(model, hybrid.withWeights(ExperimentRules.hybridWeights(weights)))).model();
    }

    /** The cached list under this key, or null: none, unreadable (an older form), stale, or holding a deactivated item. */
    private CachedList cached(String key) {
        CachedList list = cache.get(key).map(CachedList::parse).orElse(null);
        return list != null && isCurrent(list) && allServable(list) ? list : null;
    }

    /**
     * Whether the model that made a cached list (the one asked for, or popularity for a user
     * without history) still is the one being served: a retrained model makes older lists stale.
     */
    private boolean isCurrent(CachedList list) {
        return models.get(list.model()).map(m -> m.info().version().equals(list.modelVersion())).orElse(false);
    }

    /** A list holding an item deactivated since it was cached is made again. */
    private boolean allServable(CachedList list) {
        Catalog items = catalog.current();
        for (int i = 0; i < list.size(); i++) {
            if (!items.isServable(list.itemId(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The user's current history, or null when the store cannot be read: the list is then made
     * from the loaded model alone (as for a new user) and not cached; with the user's cache generation
     * read before it, the one a list made from it is cached with.
     */
    private UserHistories.Recent history(String userId, boolean cacheable) {
        try {
            return histories.recent(userId, cacheable);
        } catch (StoreException e) {
            return null;
        }
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
        return new ServedList(TimeOrderedIds.next(), null, list.model(), list.modelVersion(), false,
                list.coldStart(), took, list.items(), null);
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
        recs = fillFromPopular(recs, used, request, history, filter);
        List<ServedList.Entry> entries = new ArrayList<>(recs.size());
        for (Recommendation r : recs) {
            entries.add(new ServedList.Entry(entries.size() + 1, r.itemId(), items.titleOf(r.itemId()),
                    items.genresOf(r.itemId()), r.score(), r.explanation().text(), r.explanation().kind(),
                    r.explanation().becauseOf()));
        }
        return new ServedList.Cached(used.type(), used.info().version(), coldStart, entries);
    }

    /**
     * A model that knows too few candidates for this user (a small or fresh training set) is
     * topped up with popular items, so a list is never shorter than popularity alone would give.
     */
    private List<Recommendation> fillFromPopular(List<Recommendation> recs, Recommender used, RecommendRequest request,
                                                 List<Event> history, CandidateFilter filter) {
        if (recs.size() >= request.n() || Popularity.TYPE.equals(used.type())) {
            return recs;
        }
        Optional<Recommender> popular = models.get(Popularity.TYPE);
        if (popular.isEmpty()) {
            return recs;
        }
        Set<String> listed = new HashSet<>();
        recs.forEach(r -> listed.add(r.itemId()));
        List<Recommendation> filled = new ArrayList<>(recs);
        filled.addAll(popular.get().recommend(new RecommendQuery(request.userId(), history, request.n() - recs.size(),
                request.genre(), filter.and(itemId -> !listed.contains(itemId)))));
        return filled;
    }
}
