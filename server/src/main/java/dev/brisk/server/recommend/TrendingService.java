package dev.brisk.server.recommend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.EventAnalytics;
import dev.brisk.server.training.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Popular and latest items for everyone: {@code /popular} from the trained popularity model or,
 * for an explicit window, from the stored counts of that window (kept for a few seconds), and
 * {@code /latest} from the catalog.
 */
public final class TrendingService {
    private final ModelRegistry models;
    private final EventAnalytics events;
    private final CatalogService catalog;
    private final FeedbackWeights weights;
    private final EventTypes eventTypes;
    private final Cache<Duration, List<Map.Entry<String, Double>>> windows = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10)).maximumSize(32).build();

    public TrendingService(ModelRegistry models, EventAnalytics events, CatalogService catalog, FeedbackWeights weights,
                           EventTypes eventTypes) {
        this.eventTypes = eventTypes;
        this.models = models;
        this.events = events;
        this.catalog = catalog;
        this.weights = weights;
    }

    /** One popular item with the reason it is shown. */
    public record Trending(String itemId, String title, List<String> genres, double score, String explanation) {
    }

    public List<Trending> popular(int n, Duration window, String genre) {
        Catalog items = catalog.current();
        if (window == null) {
            var model = models.get(Popularity.TYPE).orElseThrow(() -> new ModelUnavailableException(Popularity.TYPE));
            List<Recommendation> recs = model.recommend(new RecommendQuery(null, List.of(), n, genre, items::isServable));
            return recs.stream().map(r -> new Trending(r.itemId(), items.titleOf(r.itemId()), items.genresOf(r.itemId()),
                    r.score(), r.explanation().text())).toList();
        }
        List<Map.Entry<String, Double>> ranked = windows.get(window, this::rankWindow);
        List<Trending> out = new ArrayList<>(n);
        String label = "Popular in the last " + describe(window);
        for (Map.Entry<String, Double> e : ranked) {
            if (out.size() == n) {
                break;
            }
            Item item = items.get(e.getKey());
            if (!items.isServable(e.getKey()) || (genre != null && (item == null || !item.hasGenre(genre)))) {
                continue;
            }
            out.add(new Trending(e.getKey(), items.titleOf(e.getKey()), items.genresOf(e.getKey()),
                    Math.round(e.getValue() * 1000.0) / 1000.0, genre == null ? label : label + " in " + genre));
        }
        return out;
    }

    /** The newest active items, optionally of one genre. */
    public List<Item> latest(int n, String genre) {
        return catalog.current().items().stream()
                .filter(Item::active)
                .filter(item -> genre == null || item.hasGenre(genre))
                .sorted(Comparator.comparingLong(Item::createdAt).reversed().thenComparing(Item::itemId))
                .limit(n)
                .toList();
    }

    private List<Map.Entry<String, Double>> rankWindow(Duration window) {
        long since = System.currentTimeMillis() - window.toMillis();
        Map<String, Double> score = new HashMap<>();
        for (EventAnalytics.TypeCount c : events.countsByItemSince(since)) {
            EventType type = eventTypes.fromStored(c.eventType());
            double w = type == EventType.RATING
                    ? c.ratingSum() - FeedbackWeights.NEUTRAL_RATING * c.count()
                    : weights.weight(type, Double.NaN) * c.count();
            score.merge(c.key(), w, Double::sum);
        }
        return score.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    static String describe(Duration window) {
        long hours = window.toHours();
        if (hours % 24 == 0 && hours >= 24) {
            return hours == 24 ? "24 hours" : (hours / 24) + " days";
        }
        return hours > 0 ? hours + " hours" : window.toMinutes() + " minutes";
    }
}
