package dev.brisk.core.model;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import it.unimi.dsi.fastutil.ints.Int2DoubleMap;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntCollection;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Content-based: each item is a TF-IDF vector of its genres and its categorical properties
 * (properties with few distinct values across the catalog, such as a language); the user is the
 * sum of the vectors of their history, weighted by their signed interaction weights; an item
 * scores by cosine with the user, plus a small share of its trend to order items of equal
 * content. It ranks items nobody has interacted with yet, and finds items like a new one. The
 * explanation names the genre that matched most ("Because you like Sci-Fi").
 */
public final class ContentModel extends PersonalRecommender implements ItemSimilarity {
    public static final String TYPE = "content";
    private static final String GENRE = "g:";

    /**
     * {@code propertyWeight}: weight of a property relative to a genre; {@code maxPropertyValues}:
     * properties with more distinct values than this are not categories and are ignored;
     * {@code trendShare}: how much the item's (normalised) trend adds to the cosine.
     */
    public record Params(double propertyWeight, int maxPropertyValues, double trendShare) {

        public Params {
            if (propertyWeight < 0 || maxPropertyValues < 0 || trendShare < 0) {
                throw new IllegalArgumentException("content parameters must not be negative");
            }
        }

        public static Params defaults() {
            return new Params(0.3, 50, 0.1);
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("property_weight", propertyWeight);
            m.put("max_property_values", maxPropertyValues);
            m.put("trend_share", trendShare);
            m.put("features", "tf-idf of genres and categorical properties");
            return m;
        }
    }

    final ModelInfo info;
    final ItemIndex index;
    final InteractionMatrix.Settings settings;
    final String[] tokenNames;
    final boolean[] tokenIsGenre;
    final int[] start;
    final int[] tokens;
    final float[] values;
    final float[] trendBonus;

    ContentModel(ModelInfo info, ItemIndex index, InteractionMatrix.Settings settings, String[] tokenNames,
                         boolean[] tokenIsGenre, int[] start, int[] tokens, float[] values, float[] trendBonus) {
        this.info = info;
        this.index = index;
        this.settings = settings;
        this.tokenNames = tokenNames;
        this.tokenIsGenre = tokenIsGenre;
        this.start = start;
        this.tokens = tokens;
        this.values = values;
        this.trendBonus = trendBonus;
    }

    public static ContentModel train(InteractionMatrix matrix, ItemIndex index, Params params,
                                     Map<String, Object> offlineMetrics) {
        long started = System.nanoTime();
        Catalog catalog = index.catalog();
        int nItems = index.size();
        Set<String> categorical = categoricalProperties(catalog, params.maxPropertyValues());

        // Raw features per item, and document frequencies.
        Map<String, Integer> tokenIds = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Boolean> isGenre = new ArrayList<>();
        List<int[]> itemTokens = new ArrayList<>(nItems);
        List<float[]> itemWeights = new ArrayList<>(nItems);
        List<Integer> df = new ArrayList<>();
        for (int i = 0; i < nItems; i++) {
            Item item = catalog.get(index.id(i));
            Map<Integer, Float> features = new LinkedHashMap<>();
            if (item != null) {
                for (String genre : item.genres()) {
                    String key = GENRE + genre.toLowerCase(Locale.ROOT);
                    int t = tokenIds.computeIfAbsent(key, x -> register(names, isGenre, df, genre, true));
                    features.put(t, 1f);
                }
                for (Map.Entry<String, Object> p : item.properties().entrySet()) {
                    if (categorical.contains(p.getKey()) && params.propertyWeight() > 0) {
                        String key = "p:" + p.getKey() + "=" + String.valueOf(p.getValue()).toLowerCase(Locale.ROOT);
                        int t = tokenIds.computeIfAbsent(key,
                                x -> register(names, isGenre, df, p.getKey() + " " + p.getValue(), false));
                        features.put(t, (float) params.propertyWeight());
                    }
                }
            }
            int[] ts = new int[features.size()];
            float[] ws = new float[features.size()];
            int f = 0;
            for (Map.Entry<Integer, Float> e : features.entrySet()) {
                ts[f] = e.getKey();
                ws[f++] = e.getValue();
                df.set(e.getKey(), df.get(e.getKey()) + 1);
            }
            itemTokens.add(ts);
            itemWeights.add(ws);
        }
        // TF-IDF, L2-normalised, into CSR.
        int[] start = new int[nItems + 1];
        for (int i = 0; i < nItems; i++) {
            start[i + 1] = start[i] + itemTokens.get(i).length;
        }
        int[] tokens = new int[start[nItems]];
        float[] values = new float[start[nItems]];
        for (int i = 0; i < nItems; i++) {
            int[] ts = itemTokens.get(i);
            float[] ws = itemWeights.get(i);
            double norm = 0;
            for (int f = 0; f < ts.length; f++) {
                ws[f] *= (float) (Math.log((double) nItems / df.get(ts[f])) + 1.0);
                norm += ws[f] * ws[f];
            }
            norm = Math.sqrt(norm);
            for (int f = 0; f < ts.length; f++) {
                tokens[start[i] + f] = ts[f];
                values[start[i] + f] = (float) (ws[f] / norm);
            }
        }
        float maxTrend = 0f;
        for (int i = 0; i < nItems; i++) {
            maxTrend = Math.max(maxTrend, index.trend(i));
        }
        float[] trendBonus = new float[nItems];
        for (int i = 0; i < nItems; i++) {
            trendBonus[i] = maxTrend > 0 ? (float) (params.trendShare() * index.trend(i) / maxTrend) : 0f;
        }
        boolean[] genreFlags = new boolean[names.size()];
        for (int t = 0; t < genreFlags.length; t++) {
            genreFlags[t] = isGenre.get(t);
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        Map<String, Object> parameters = params.asMap();
        parameters.put("feature_count", names.size());
        if (offlineMetrics != null) {
            parameters.put("offline_metrics", offlineMetrics);
        }
        ModelInfo info = new ModelInfo(TYPE, Instant.ofEpochMilli(matrix.trainedAt()).toString(), matrix.trainedAt(), took,
                matrix.userCount(), nItems, matrix.events(), parameters);
        return new ContentModel(info, index, matrix.settingsUsed(), names.toArray(String[]::new), genreFlags, start,
                tokens, values, trendBonus);
    }

    private static int register(List<String> names, List<Boolean> isGenre, List<Integer> df, String name,
                                boolean genre) {
        names.add(name);
        isGenre.add(genre);
        df.add(0);
        return names.size() - 1;
    }

    /** Property keys with at most {@code max} distinct values in the catalog. */
    private static Set<String> categoricalProperties(Catalog catalog, int max) {
        Map<String, Set<String>> distinct = new HashMap<>();
        for (Item item : catalog.items()) {
            for (Map.Entry<String, Object> p : item.properties().entrySet()) {
                Set<String> seen = distinct.computeIfAbsent(p.getKey(), k -> new HashSet<>());
                if (seen.size() <= max) {
                    seen.add(String.valueOf(p.getValue()).toLowerCase(Locale.ROOT));
                }
            }
        }
        Set<String> out = new HashSet<>();
        distinct.forEach((key, seen) -> {
            if (seen.size() <= max && seen.size() > 1) {
                out.add(key);
            }
        });
        return out;
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
    public ItemIndex index() {
        return index;
    }

    @Override
    public InteractionMatrix.Settings settings() {
        return settings;
    }

    @Override
    public UserScores score(UserVector user) {
        double[] profile = profileOf(user);
        double norm = Math.sqrt(Dense.dot(profile, profile, profile.length));
        if (norm == 0) {
            return null;
        }
        float[] scores = new float[index.size()];
        for (int i = 0; i < scores.length; i++) {
            if (start[i] == start[i + 1]) {
                scores[i] = Float.NaN;
                continue;
            }
            double s = 0;
            for (int p = start[i]; p < start[i + 1]; p++) {
                s += profile[tokens[p]] * values[p];
            }
            scores[i] = (float) (s / norm) + trendBonus[i];
        }
        return new UserScores() {
            @Override
            public float[] values() {
                return scores;
            }

            @Override
            public Explanation explain(int item) {
                return ContentModel.this.explain(profile, item);
            }
        };
    }

    /** How many of the user's strongest features nominate candidates, for a large catalog. */
    static final int NOMINATING_FEATURES = 3;
    /** How many items each of them nominates: its items with the largest value plus trend bonus. */
    static final int NOMINATED_PER_FEATURE = 50;

    /** What serving from candidates needs, computed on first use ({@link #prepareForCandidates}). */
    private volatile Moments moments;

    /**
     * Sums over the items with features, from which the mean and spread of a user's scores over the
     * whole catalog follow without scoring it (the scores are linear in the item vectors), and each
     * feature's best items.
     */
    private record Moments(double[] tokenSum, double[] bonusByToken, double bonusSum, double bonusSquares,
                           int[] pairStart, int[] pairToken, double[] pairSum, int[] topStart, int[] topItem) {
    }

    /** Computes, once, what {@link #profile} needs: a large catalog's cost, off the request path. */
    void prepareForCandidates() {
        moments();
    }

    private Moments moments() {
        Moments m = moments;
        if (m == null) {
            synchronized (this) {
                m = moments;
                if (m == null) {
                    m = computeMoments();
                    moments = m;
                }
            }
        }
        return m;
    }

    private Moments computeMoments() {
        int nTokens = tokenNames.length;
        int nItems = index.size();
        double[] tokenSum = new double[nTokens];
        double[] bonusByToken = new double[nTokens];
        double bonusSum = 0;
        double bonusSquares = 0;
        Int2DoubleOpenHashMap[] pairs = new Int2DoubleOpenHashMap[nTokens];
        int[] postings = new int[nTokens + 1];
        for (int i = 0; i < nItems; i++) {
            if (start[i] == start[i + 1]) {
                continue;
            }
            double b = trendBonus[i];
            bonusSum += b;
            bonusSquares += b * b;
            for (int p = start[i]; p < start[i + 1]; p++) {
                int a = tokens[p];
                tokenSum[a] += values[p];
                bonusByToken[a] += b * values[p];
                postings[a + 1]++;
                if (pairs[a] == null) {
                    pairs[a] = new Int2DoubleOpenHashMap();
                }
                for (int q = start[i]; q < start[i + 1]; q++) {
                    pairs[a].addTo(tokens[q], (double) values[p] * values[q]);
                }
            }
        }
        int[] pairStart = new int[nTokens + 1];
        for (int a = 0; a < nTokens; a++) {
            pairStart[a + 1] = pairStart[a] + (pairs[a] == null ? 0 : pairs[a].size());
        }
        int[] pairToken = new int[pairStart[nTokens]];
        double[] pairSum = new double[pairStart[nTokens]];
        for (int a = 0; a < nTokens; a++) {
            if (pairs[a] != null) {
                int at = pairStart[a];
                for (Int2DoubleMap.Entry e : pairs[a].int2DoubleEntrySet()) {
                    pairToken[at] = e.getIntKey();
                    pairSum[at++] = e.getDoubleValue();
                }
            }
        }
        // Each feature's items, then the best of them by value plus trend bonus.
        for (int a = 0; a < nTokens; a++) {
            postings[a + 1] += postings[a];
        }
        int[] postingItem = new int[postings[nTokens]];
        float[] postingScore = new float[postings[nTokens]];
        int[] fill = Arrays.copyOf(postings, nTokens);
        for (int i = 0; i < nItems; i++) {
            for (int p = start[i]; p < start[i + 1]; p++) {
                int at = fill[tokens[p]]++;
                postingItem[at] = i;
                postingScore[at] = values[p] + trendBonus[i];
            }
        }
        int[] topStart = new int[nTokens + 1];
        int[][] tops = new int[nTokens][];
        for (int a = 0; a < nTokens; a++) {
            int from = postings[a];
            float[] scores = Arrays.copyOfRange(postingScore, from, postings[a + 1]);
            int[] best = TopK.select(scores, NOMINATED_PER_FEATURE, x -> true);
            for (int r = 0; r < best.length; r++) {
                best[r] = postingItem[from + best[r]];
            }
            tops[a] = best;
            topStart[a + 1] = topStart[a] + best.length;
        }
        int[] topItem = new int[topStart[nTokens]];
        for (int a = 0; a < nTokens; a++) {
            System.arraycopy(tops[a], 0, topItem, topStart[a], tops[a].length);
        }
        return new Moments(tokenSum, bonusByToken, bonusSum, bonusSquares, pairStart, pairToken, pairSum, topStart,
                topItem);
    }

    /** The user's profile, to score single items with; null when the history has no features. */
    Profile profile(UserVector user) {
        double[] profile = profileOf(user);
        double norm = Math.sqrt(Dense.dot(profile, profile, profile.length));
        return norm == 0 ? null : new Profile(profile, norm);
    }

    private double[] profileOf(UserVector user) {
        double[] profile = new double[tokenNames.length];
        for (int h = 0; h < user.size(); h++) {
            int item = user.item(h);
            for (int p = start[item]; p < start[item + 1]; p++) {
                profile[tokens[p]] += user.weight(h) * values[p];
            }
        }
        return profile;
    }

    /** A user's content profile: {@link #score} item by item, for the candidates of a large catalog. */
    final class Profile {
        private final double[] profile;
        private final double norm;

        private Profile(double[] profile, double norm) {
            this.profile = profile;
            this.norm = norm;
        }

        /** The item's score as {@link ContentModel#score} gives it: NaN for an item without features. */
        float score(int item) {
            if (start[item] == start[item + 1]) {
                return Float.NaN;
            }
            double s = 0;
            for (int p = start[item]; p < start[item + 1]; p++) {
                s += profile[tokens[p]] * values[p];
            }
            return (float) (s / norm) + trendBonus[item];
        }

        Explanation explain(int item) {
            return ContentModel.this.explain(profile, item);
        }

        /**
         * The mean and standard deviation of the user's scores over every item outside {@code history}
         * (an item without features scoring 0), as scoring every item would find them: the sum of the
         * scores is the profile times the sum of the item vectors, their squares the profile's quadratic
         * form over the sum of the vectors' outer products; less the history's own scores.
         */
        Population population(IntSet history) {
            Moments m = moments();
            double linear = 0;
            double bonus = 0;
            double quadratic = 0;
            for (int a = 0; a < profile.length; a++) {
                double pa = profile[a];
                if (pa == 0) {
                    continue;
                }
                linear += pa * m.tokenSum()[a];
                bonus += pa * m.bonusByToken()[a];
                double row = 0;
                for (int q = m.pairStart()[a]; q < m.pairStart()[a + 1]; q++) {
                    row += profile[m.pairToken()[q]] * m.pairSum()[q];
                }
                quadratic += pa * row;
            }
            double sum = linear / norm + m.bonusSum();
            double squares = quadratic / (norm * norm) + 2 * bonus / norm + m.bonusSquares();
            IntIterator it = history.iterator();
            while (it.hasNext()) {
                float s = score(it.nextInt());
                if (s == s) {
                    sum -= s;
                    squares -= (double) s * s;
                }
            }
            return Population.of(sum, squares, index.size() - history.size());
        }

        /** The best items of the user's {@value #NOMINATING_FEATURES} strongest features, added to {@code into}. */
        void nominate(IntCollection into) {
            Moments m = moments();
            float[] strength = new float[profile.length];
            for (int a = 0; a < profile.length; a++) {
                strength[a] = profile[a] > 0 ? (float) profile[a] : Float.NaN;
            }
            for (int a : TopK.select(strength, NOMINATING_FEATURES, x -> true)) {
                for (int q = m.topStart()[a]; q < m.topStart()[a + 1]; q++) {
                    into.add(m.topItem()[q]);
                }
            }
        }
    }

    /** The genre of the item that matched the user's profile most. */
    private Explanation explain(double[] profile, int item) {
        int best = -1;
        double bestShare = 0;
        for (int p = start[item]; p < start[item + 1]; p++) {
            double share = profile[tokens[p]] * values[p];
            if (tokenIsGenre[tokens[p]] && share > bestShare) {
                best = tokens[p];
                bestShare = share;
            }
        }
        if (best < 0) {
            return Explanation.of("content", "Matches what you like");
        }
        return Phrases.genre(tokenNames[best]);
    }

    /** Items whose features are closest (cosine, then trend) — the fallback for items without interactions. */
    @Override
    public List<Recommendation> similar(String itemId, int n, CandidateFilter filter) {
        int item = index.ids().indexOf(itemId);
        if (item < 0 || start[item] == start[item + 1]) {
            return List.of();
        }
        double[] features = new double[tokenNames.length];
        for (int p = start[item]; p < start[item + 1]; p++) {
            features[tokens[p]] = values[p];
        }
        float[] scores = new float[index.size()];
        for (int j = 0; j < scores.length; j++) {
            double s = 0;
            for (int p = start[j]; p < start[j + 1]; p++) {
                s += features[tokens[p]] * values[p];
            }
            scores[j] = j == item || s <= 0 ? Float.NaN : (float) s + trendBonus[j];
        }
        int[] top = TopK.select(scores, n, j -> filter.accepts(index.id(j)));
        Explanation why = new Explanation("similar", "Like " + index.title(item), List.of(itemId));
        List<Recommendation> out = new ArrayList<>(top.length);
        for (int j : top) {
            out.add(new Recommendation(index.id(j), round(scores[j]), why));
        }
        return out;
    }

    /** The user's strongest genres, best first (for profiles and tests). */
    public List<String> topGenres(UserVector user, int n) {
        double[] profile = profileOf(user);
        float[] genres = new float[tokenNames.length];
        for (int t = 0; t < genres.length; t++) {
            genres[t] = tokenIsGenre[t] && profile[t] > 0 ? (float) profile[t] : Float.NaN;
        }
        List<String> out = new ArrayList<>();
        for (int t : TopK.select(genres, n, x -> true)) {
            out.add(tokenNames[t]);
        }
        return out;
    }
}
