package dev.brisk.core.model;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trending items: the sum of each item's interaction weights, decayed exponentially with age,
 * overall and per genre. Items nobody interacted with yet follow, newest first, so a fresh
 * catalog still gets a list. It is the cold-start fallback of every other model.
 */
public final class Popularity implements Recommender {
    public static final String TYPE = "popular";

    final ModelInfo info;
    /** Item ids in serving order: best decayed score first, then unscored items newest first. */
    final String[] ranked;
    final double[] scores;
    final Map<String, int[]> rankedByGenre;
    final String window;

    Popularity(ModelInfo info, String[] ranked, double[] scores, Map<String, int[]> rankedByGenre,
                       String window) {
        this.info = info;
        this.ranked = ranked;
        this.scores = scores;
        this.rankedByGenre = rankedByGenre;
        this.window = window;
    }

    /** Trains on every interaction in {@code log} as seen at {@code now}. */
    public static Popularity train(InteractionLog log, Catalog catalog, FeedbackWeights weights,
                                   double halfLifeDays, long now) {
        return train(log, catalog, weights, halfLifeDays, now, null);
    }

    /** As above; {@code offlineMetrics}, when known, is recorded in the model's parameters. */
    public static Popularity train(InteractionLog log, Catalog catalog, FeedbackWeights weights,
                                   double halfLifeDays, long now, Map<String, Object> offlineMetrics) {
        return train(log, catalog, weights, halfLifeDays, now, now, offlineMetrics);
    }

    /**
     * As above, decaying ages from {@code now} but versioned by {@code trainedAt}, the wall-clock
     * time of the training run (they differ for historical data sets).
     */
    public static Popularity train(InteractionLog log, Catalog catalog, FeedbackWeights weights,
                                   double halfLifeDays, long now, long trainedAt, Map<String, Object> offlineMetrics) {
        long started = System.nanoTime();
        IdMap items = log.items();
        double[] byItem = new double[items.size()];
        double lambda = Math.log(2) / (halfLifeDays * 86_400_000.0);
        for (int i = 0; i < log.size(); i++) {
            double w = weights.weight(log.typeAt(i), log.ratingAt(i));
            if (w == 0.0) {
                continue;
            }
            long age = Math.max(0, now - log.timestampAt(i));
            byItem[log.itemAt(i)] += w * Math.exp(-lambda * age);
        }
        List<String> scored = new ArrayList<>();
        Map<String, Double> scoreOf = new HashMap<>();
        for (int i = 0; i < byItem.length; i++) {
            String id = items.idAt(i);
            if (byItem[i] > 0 && catalog.isServable(id)) {
                scored.add(id);
                scoreOf.put(id, byItem[i]);
            }
        }
        scored.sort(Comparator.comparingDouble((String id) -> -scoreOf.get(id)).thenComparing(id -> id));
        List<Item> unscored = new ArrayList<>();
        for (Item item : catalog.items()) {
            // Items with net negative feedback are not "new": they are left out altogether.
            boolean untouched = items.indexOf(item.itemId()) < 0 || byItem[items.indexOf(item.itemId())] == 0.0;
            if (item.active() && untouched) {
                unscored.add(item);
            }
        }
        unscored.sort(Comparator.comparingLong(Item::createdAt).reversed().thenComparing(Item::itemId));
        String[] ranked = new String[scored.size() + unscored.size()];
        double[] scores = new double[ranked.length];
        for (int i = 0; i < scored.size(); i++) {
            ranked[i] = scored.get(i);
            scores[i] = scoreOf.get(ranked[i]);
        }
        for (int i = 0; i < unscored.size(); i++) {
            ranked[scored.size() + i] = unscored.get(i).itemId();
        }
        Map<String, List<Integer>> genreLists = new LinkedHashMap<>();
        for (int pos = 0; pos < ranked.length; pos++) {
            for (String genre : catalog.genresOf(ranked[pos])) {
                genreLists.computeIfAbsent(genre.toLowerCase(Locale.ROOT), g -> new ArrayList<>()).add(pos);
            }
        }
        Map<String, int[]> byGenre = new HashMap<>();
        genreLists.forEach((genre, positions) ->
                byGenre.put(genre, positions.stream().mapToInt(Integer::intValue).toArray()));
        long took = (System.nanoTime() - started) / 1_000_000;
        ModelInfo info = new ModelInfo(TYPE, Instant.ofEpochMilli(trainedAt).toString(), trainedAt, took,
                log.users().size(), ranked.length, log.size(),
                parameters(halfLifeDays, weights, offlineMetrics));
        return new Popularity(info, ranked, scores, byGenre, describeWindow(halfLifeDays));
    }

    private static Map<String, Object> parameters(double halfLifeDays, FeedbackWeights weights,
                                                  Map<String, Object> offlineMetrics) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("half_life_days", halfLifeDays);
        parameters.put("weights", weights.asMap());
        if (offlineMetrics != null) {
            parameters.put("offline_metrics", offlineMetrics);
        }
        return parameters;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<Recommendation> recommend(RecommendQuery query) {
        List<Recommendation> out = new ArrayList<>(query.n());
        if (query.hasGenre()) {
            int[] positions = rankedByGenre.getOrDefault(query.genre().toLowerCase(Locale.ROOT), new int[0]);
            for (int k = 0; k < positions.length && out.size() < query.n(); k++) {
                add(out, positions[k], query, query.genre());
            }
            return out;
        }
        for (int pos = 0; pos < ranked.length && out.size() < query.n(); pos++) {
            add(out, pos, query, null);
        }
        return out;
    }

    /** How many items this model can rank. */
    public int size() {
        return ranked.length;
    }

    private void add(List<Recommendation> out, int pos, RecommendQuery query, String genre) {
        String itemId = ranked[pos];
        if (!query.filter().accepts(itemId)) {
            return;
        }
        double score = scores[pos];
        Explanation why;
        if (score <= 0) {
            why = Explanation.of("new", genre == null ? "New in the catalog" : "New in " + genre);
        } else {
            why = Explanation.of("popular", genre == null ? "Popular " + window : "Popular in " + genre + " " + window);
        }
        out.add(new Recommendation(itemId, round(score), why));
    }

    private static double round(double score) {
        return Math.round(score * 10_000.0) / 10_000.0;
    }

    private static String describeWindow(double halfLifeDays) {
        if (halfLifeDays <= 1.5) {
            return "today";
        }
        if (halfLifeDays <= 10) {
            return "this week";
        }
        return "this month";
    }
}
