package dev.brisk.core.model;

import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted blend of {@link ImplicitAls}, {@link ItemKnn} (over the whole history and over the
 * latest few items), {@link ContentModel}, the trend and {@link SequentialRules} (what follows the
 * items of the user's current session).
 * Before the weighted sum, each part's scores for the user are standardised over the user's
 * candidates (every item outside their history): minus their mean, divided by their standard
 * deviation — the z-score normalisation of Montague and Aslam (2001, "Relevance score normalization
 * for metasearch", CIKM), then CombSUM (Fox and Shaw 1994). The parts score on very different scales
 * (ALS dot products run negative, neighbour and rule scores are sparse sums), and what the user
 * already has must not set the scale: ALS fits the history, so the old scaling (divide by the largest
 * score of any item, history included) shrank ALS by how well it fitted and not by how it ranks the
 * candidates. Standardised, a weight says how many standard deviations of a part count, for every
 * user alike, so the weights tuned on a validation split at training time carry over. Users without
 * usable history get the trend (popular items). An item is explained by the part that added most to
 * its score. Over a large catalog (an ALS candidate index) only candidates are scored, each part
 * nominating its own best items and the ranking stage scoring them all exactly — the two-stage
 * retrieval of Covington, Adams and Sargin (2016, "Deep neural networks for YouTube recommendations",
 * RecSys) — with each part's mean and spread over the whole catalog computed without scoring it.
 */
public final class Hybrid extends PersonalRecommender implements ItemSimilarity {
    public static final String TYPE = "hybrid";

    /** How many of the user's latest items the "recent" part reads. */
    public static final int RECENT_ITEMS = 5;

    /** The parts' names, in the order of {@link Weights#asArray()} and {@link Parts#scaled}. */
    public static final List<String> PARTS = List.of(ImplicitAls.TYPE, ItemKnn.TYPE, "recent", ContentModel.TYPE,
            Popularity.TYPE, "sequence");
    private static final int ALS = 0;
    private static final int KNN = 1;
    private static final int RECENT = 2;
    private static final int CONTENT = 3;
    private static final int POPULAR = 4;
    private static final int SEQUENCE = 5;

    /**
     * The share of each part; they need not sum to one. {@code recent} is item-kNN scored from the
     * user's {@value #RECENT_ITEMS} latest items only: what they are into right now; {@code sequence}
     * is {@link SequentialRules} over the user's current session.
     */
    public record Weights(double als, double itemKnn, double recent, double content, double popular,
                          double sequence) {

        public Weights {
            if (als < 0 || itemKnn < 0 || recent < 0 || content < 0 || popular < 0 || sequence < 0
                    || als + itemKnn + recent + content + popular + sequence == 0) {
                throw new IllegalArgumentException("hybrid weights must be non-negative and not all zero");
            }
        }

        /** Weights without the sequence part (as blends were before it existed). */
        public Weights(double als, double itemKnn, double recent, double content, double popular) {
            this(als, itemKnn, recent, content, popular, 0);
        }

        public static Weights defaults() {
            return new Weights(0.5, 0.2, 0.1, 0.1, 0.1);
        }

        /** From {@link #asArray()}; an array without the last part(s) leaves them at zero. */
        public static Weights of(double[] w) {
            double[] all = java.util.Arrays.copyOf(w, PARTS.size());
            return new Weights(all[ALS], all[KNN], all[RECENT], all[CONTENT], all[POPULAR], all[SEQUENCE]);
        }

        public double[] asArray() {
            return new double[] {als, itemKnn, recent, content, popular, sequence};
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            double[] w = asArray();
            for (int p = 0; p < w.length; p++) {
                m.put(PARTS.get(p), w[p]);
            }
            return m;
        }
    }

    private static final float TIE_BREAK = 1e-6f;

    /**
     * How each part's scores are put on a common scale before they are weighed. A stored model keeps
     * the scaling its weights were tuned with; the codec stores it by position, so new ones go last.
     */
    public enum Scaling {
        /** Divided by the part's largest score for the user, over every item: models stored before format 3. */
        MAX,
        /** Standardised over the user's candidates (the items outside their history): Montague and Aslam (2001). */
        Z_SCORE
    }

    final ModelInfo info;
    final ImplicitAls als;
    final ItemKnn knn;
    final ContentModel content;
    final SequentialRules rules;
    final Weights weights;
    final Scaling scaling;
    final float[] trend;
    /** The sum of {@link #trend} and of its squares, for the trend part's population. */
    private final double trendSum;
    private final double trendSquares;

    Hybrid(ModelInfo info, ImplicitAls als, ItemKnn knn, ContentModel content, SequentialRules rules, Weights weights,
           Scaling scaling) {
        this.info = info;
        this.als = als;
        this.knn = knn;
        this.content = content;
        this.rules = rules;
        this.weights = weights;
        this.scaling = scaling;
        ItemIndex index = als.index();
        float max = 0f;
        for (int i = 0; i < index.size(); i++) {
            max = Math.max(max, index.trend(i));
        }
        this.trend = new float[index.size()];
        for (int i = 0; i < trend.length; i++) {
            trend[i] = max > 0 ? index.trend(i) / max : 0f;
        }
        double sum = 0;
        double squares = 0;
        for (float t : trend) {
            sum += t;
            squares += (double) t * t;
        }
        this.trendSum = sum;
        this.trendSquares = squares;
    }

    /**
     * Blends trained parts, which must share one {@link ItemIndex}. {@code details} (tuning
     * results, offline metrics) are added to the model's parameters.
     */
    public static Hybrid of(ImplicitAls als, ItemKnn knn, ContentModel content, Weights weights,
                            Map<String, Object> details) {
        return of(als, knn, content, SequentialRules.none(als.index()), weights, details);
    }

    /** Blends trained parts including the sequential rules, all over one {@link ItemIndex}, standardised. */
    public static Hybrid of(ImplicitAls als, ItemKnn knn, ContentModel content, SequentialRules rules, Weights weights,
                            Map<String, Object> details) {
        return of(als, knn, content, rules, weights, Scaling.Z_SCORE, details);
    }

    /** Blends trained parts with the given scaling (weights tuned under another scaling mean something else). */
    public static Hybrid of(ImplicitAls als, ItemKnn knn, ContentModel content, SequentialRules rules, Weights weights,
                            Scaling scaling, Map<String, Object> details) {
        if (als.index() != knn.index() || als.index() != content.index() || als.index() != rules.index) {
            throw new IllegalArgumentException("the parts of a hybrid must be trained on the same matrix");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("weights", weights.asMap());
        parameters.put("scaling", scaling == Scaling.Z_SCORE
                ? "each part standardised (z-score) over the user's candidates (Montague and Aslam 2001)"
                : "each part divided by its largest score for the user");
        parameters.put("sequence", "sequential rules (Ludewig and Jannach 2018) over the current session: "
                + rules.size() + " rules");
        if (details != null) {
            parameters.putAll(details);
        }
        ModelInfo a = als.info();
        long took = a.trainingMillis() + knn.info().trainingMillis() + content.info().trainingMillis();
        ModelInfo info = new ModelInfo(TYPE, Instant.ofEpochMilli(a.trainedAt()).toString(), a.trainedAt(), took,
                a.users(), a.items(), a.interactions(), parameters);
        return new Hybrid(info, als, knn, content, rules, weights, scaling);
    }

    /**
     * The same trained parts blended with other fixed weights (an experiment's variant): nothing is
     * retrained, and the model keeps its version, since the parts it serves from are the same.
     */
    public Hybrid withWeights(Weights other) {
        return new Hybrid(info, als, knn, content, rules, other, scaling);
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
        return als.index();
    }

    @Override
    public InteractionMatrix.Settings settings() {
        return als.settings();
    }

    public Weights weights() {
        return weights;
    }

    public Scaling scaling() {
        return scaling;
    }

    /** Each part's scaled scores for one user over every item (0 where a part has no score), and the parts' own results. */
    public final class Parts {
        /** [part][item], parts in the order of {@link Hybrid#PARTS}. */
        public final float[][] scaled;
        final UserScores[] raw;

        Parts(UserVector user) {
            raw = new UserScores[] {als.score(user), knn.score(user), knn.score(user.head(RECENT_ITEMS)),
                content.score(user), null, rules.score(user)};
            boolean[] history = new boolean[trend.length];
            for (int k = 0; k < user.size(); k++) {
                history[user.item(k)] = true;
            }
            scaled = new float[PARTS.size()][];
            for (int p = 0; p < PARTS.size(); p++) {
                if (p == POPULAR) {
                    scaled[p] = scaling == Scaling.MAX ? trend : zScore(trend, history);
                } else if (raw[p] == null) {
                    scaled[p] = new float[trend.length];
                } else {
                    scaled[p] = scaling == Scaling.MAX ? max(raw[p].values()) : zScore(raw[p].values(), history);
                }
            }
        }

        /** Divided by the largest score of any item; unscored (NaN) and all-negative parts give 0. */
        private float[] max(float[] v) {
            float[] out = new float[v.length];
            float max = 0f;
            for (float s : v) {
                if (s > max) {
                    max = s;
                }
            }
            if (max <= 0f) {
                return out;
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i] == v[i] ? v[i] / max : 0f;
            }
            return out;
        }

        /**
         * Standardised over the items outside the history: their mean 0, their standard deviation 1. An item the
         * part does not score (NaN: no neighbour, no rule) counts as a score of 0; a part that scores every
         * candidate alike adds nothing.
         */
        private float[] zScore(float[] v, boolean[] history) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int i = 0; i < v.length; i++) {
                if (!history[i]) {
                    double s = v[i] == v[i] ? v[i] : 0;
                    sum += s;
                    squares += s * s;
                    n++;
                }
            }
            Population population = Population.of(sum, squares, n);
            float[] out = new float[v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = population.z(v[i]);
            }
            return out;
        }
    }

    /** The parts' scaled scores for a user (used to tune the weights). */
    public Parts parts(UserVector user) {
        return new Parts(user);
    }

    /**
     * The same blend with its ALS part serving from candidates of {@code index} (see
     * {@link ImplicitAls#withCandidates}); the other parts score as before.
     */
    public Hybrid withCandidates(FactorIndex index) {
        content.prepareForCandidates();
        return new Hybrid(info, als.withCandidates(index), knn, content, rules, weights, scaling);
    }

    /** The ALS part, whose factors a candidate index is built from. */
    public ImplicitAls als() {
        return als;
    }

    @Override
    public UserScores score(UserVector user) {
        return blend(new Parts(user));
    }

    /**
     * With a candidate index, only the candidates are scored: the items nearest to the user's factors, the
     * best-scored items of the neighbour and sequence parts, the best items of the user's strongest content
     * features and the trend's top; each scored exactly, every part standardised by its mean and spread over
     * the whole catalog (computed without scoring it: {@link Population}), so a candidate scores what it
     * scores when every item is scored. Blends tuned with the older scaling are scored in full.
     */
    @Override
    protected CandidateScores scoreCandidates(UserVector user, int count, IntSet unlisted) {
        if (!als.servesFromCandidates() || scaling != Scaling.Z_SCORE) {
            return null;
        }
        FromCandidates parts = new FromCandidates(user, count, unlisted);
        try {
            return parts.scores(unlisted);
        } finally {
            parts.release();
        }
    }

    /** One user's parts, scored item by item over candidates: nothing is read over the whole catalog. */
    private final class FromCandidates {
        private final UserVector user;
        private final UserVector latest;
        private final int count;
        private final IntSet history;
        private final ImplicitAls.Folded factors;
        /** The sparse parts' sums (null: the part has none), positive ones only counting for the neighbour parts. */
        private final SparseScores neighbours;
        private final SparseScores recent;
        private final SparseScores sequence;
        private final ContentModel.Profile profile;
        private final Population[] population = new Population[PARTS.size()];
        private final double[] w = weights.asArray();

        /** @param unlisted the user's history as a set when the caller has it already, else null */
        FromCandidates(UserVector user, int count, IntSet unlisted) {
            this.user = user;
            this.count = count;
            latest = user.head(RECENT_ITEMS);
            history = unlisted != null ? unlisted : historyOf(user);
            int outside = trend.length - history.size();
            factors = als.fold(user);
            profile = content.profile(user);
            SparseScores.Pool pool = als.index().scratch;
            neighbours = pool.summed(s -> knn.accumulate(user, s));
            recent = pool.summed(s -> knn.accumulate(latest, s));
            sequence = pool.summed(s -> rules.accumulate(user, s));
            population[ALS] = factors.population(history);
            population[KNN] = population(neighbours, true, outside);
            population[RECENT] = population(recent, true, outside);
            population[CONTENT] = profile == null ? Population.NONE : profile.population(history);
            population[POPULAR] = trendPopulation(history, outside);
            population[SEQUENCE] = population(sequence, false, outside);
        }

        void release() {
            SparseScores.Pool pool = als.index().scratch;
            pool.give(neighbours);
            pool.give(recent);
            pool.give(sequence);
        }

        /** The sum of a sparse part's scores over the items outside the history, as {@link #raw} reads them. */
        private Population population(SparseScores part, boolean positiveOnly, int outside) {
            if (part == null) {
                return Population.NONE;
            }
            double sum = 0;
            double squares = 0;
            for (int k = 0; k < part.size(); k++) {
                double s = sparse(part, positiveOnly, part.item(k));
                sum += s;
                squares += s * s;
            }
            IntIterator it = history.iterator();
            while (it.hasNext()) {
                double s = sparse(part, positiveOnly, it.nextInt());
                sum -= s;
                squares -= s * s;
            }
            return Population.of(sum, squares, outside);
        }

        CandidateScores scores(IntSet unlisted) {
            IntOpenHashSet chosen = new IntOpenHashSet(4 * count);
            for (int item : factors.nearest(count, unlisted)) {
                chosen.add(item);
            }
            nominate(neighbours, chosen);
            nominate(recent, chosen);
            nominate(sequence, chosen);
            if (profile != null) {
                profile.nominate(chosen);
            }
            ItemIndex index = als.index();
            for (int rank = 0; rank < Math.min(count, trend.length); rank++) {
                chosen.add(index.trendOrder(rank));
            }
            int[] items = chosen.toIntArray();
            Arrays.sort(items);
            float[] scores = new float[items.length];
            // Each candidate's standardised parts, kept for the explanations (read after the sums are given back).
            float[][] scaled = new float[PARTS.size()][items.length];
            for (int c = 0; c < items.length; c++) {
                int item = items[c];
                float combined = TIE_BREAK * trend[item];
                for (int p = 0; p < w.length; p++) {
                    scaled[p][c] = population[p].z(raw(p, item));
                    if (w[p] != 0) {
                        combined += (float) w[p] * scaled[p][c];
                    }
                }
                scores[c] = combined;
            }
            boolean[] scoring = new boolean[PARTS.size()];
            for (int p = 0; p < scoring.length; p++) {
                scoring[p] = scores(p);
            }
            Explainer explainer = new Explainer(user, latest, factors, profile, scoring, items, scaled);
            return new CandidateScores(items, scores, explainer::explain);
        }

        /** The part's best {@code count} items (all, when it scores fewer). */
        private void nominate(SparseScores part, IntOpenHashSet into) {
            if (part == null) {
                return;
            }
            if (part.size() <= count) {
                for (int k = 0; k < part.size(); k++) {
                    into.add(part.item(k));
                }
                return;
            }
            float[] scores = new float[part.size()];
            for (int k = 0; k < scores.length; k++) {
                scores[k] = part.value(part.item(k));
            }
            for (int best : TopK.select(scores, count, x -> true)) {
                into.add(part.item(best));
            }
        }

        /** The part's score of the item, NaN or 0 for none. */
        private float raw(int part, int item) {
            return switch (part) {
                case ALS -> factors.score(item);
                case KNN -> neighbours == null ? Float.NaN : sparse(neighbours, true, item);
                case RECENT -> recent == null ? Float.NaN : sparse(recent, true, item);
                case CONTENT -> profile == null ? Float.NaN : profile.score(item);
                case POPULAR -> trend[item];
                default -> sequence == null ? Float.NaN : sparse(sequence, false, item);
            };
        }

        /** Whether the part scores the user at all (as a dense part that is not null). */
        private boolean scores(int part) {
            return switch (part) {
                case ALS -> true;
                case KNN -> neighbours != null;
                case RECENT -> recent != null;
                case CONTENT -> profile != null;
                case SEQUENCE -> sequence != null;
                default -> false;
            };
        }
    }

    private static float sparse(SparseScores part, boolean positiveOnly, int item) {
        float s = part.value(item);
        return positiveOnly && s <= 0f ? 0f : s;
    }

    /** As {@link #blend} explains: by the part that added most to the candidate's score. */
    private final class Explainer {
        private final UserVector user;
        private final UserVector latest;
        private final ImplicitAls.Folded factors;
        private final ContentModel.Profile profile;
        private final boolean[] scoring;
        private final int[] items;
        private final float[][] scaled;

        Explainer(UserVector user, UserVector latest, ImplicitAls.Folded factors, ContentModel.Profile profile,
                  boolean[] scoring, int[] items, float[][] scaled) {
            this.user = user;
            this.latest = latest;
            this.factors = factors;
            this.profile = profile;
            this.scoring = scoring;
            this.items = items;
            this.scaled = scaled;
        }

        Explanation explain(int item) {
            int c = Arrays.binarySearch(items, item);
            double[] w = weights.asArray();
            int best = POPULAR;
            double bestShare = w[POPULAR] * scaled[POPULAR][c];
            for (int p = 0; p < PARTS.size(); p++) {
                double share = w[p] * scaled[p][c];
                if (p != POPULAR && scoring[p] && share > bestShare) {
                    best = p;
                    bestShare = share;
                }
            }
            return switch (best) {
                case ALS -> factors.explain(item);
                case KNN -> knn.explain(user, item);
                case RECENT -> knn.explain(latest, item);
                case CONTENT -> profile.explain(item);
                case SEQUENCE -> rules.explain(user, item);
                default -> Phrases.popular();
            };
        }
    }

    private static IntSet historyOf(UserVector user) {
        IntOpenHashSet history = new IntOpenHashSet(user.size());
        for (int k = 0; k < user.size(); k++) {
            history.add(user.item(k));
        }
        return history;
    }

    private Population trendPopulation(IntSet history, int outside) {
        double sum = trendSum;
        double squares = trendSquares;
        IntIterator it = history.iterator();
        while (it.hasNext()) {
            double s = trend[it.nextInt()];
            sum -= s;
            squares -= s * s;
        }
        return Population.of(sum, squares, outside);
    }

    private UserScores blend(Parts parts) {
        double[] w = weights.asArray();
        float[] combined = new float[trend.length];
        // A hair of trend orders the items no part scored, as the fill of the other models does.
        for (int i = 0; i < combined.length; i++) {
            combined[i] = TIE_BREAK * trend[i];
        }
        for (int p = 0; p < w.length; p++) {
            if (w[p] == 0) {
                continue;
            }
            float wp = (float) w[p];
            float[] s = parts.scaled[p];
            for (int i = 0; i < combined.length; i++) {
                combined[i] += wp * s[i];
            }
        }
        return new UserScores() {
            @Override
            public float[] values() {
                return combined;
            }

            @Override
            public Explanation explain(int item) {
                int best = POPULAR;
                double bestShare = w[POPULAR] * parts.scaled[POPULAR][item];
                for (int p = 0; p < PARTS.size(); p++) {
                    double share = w[p] * parts.scaled[p][item];
                    if (p != POPULAR && parts.raw[p] != null && share > bestShare) {
                        best = p;
                        bestShare = share;
                    }
                }
                return best == POPULAR ? Phrases.popular() : parts.raw[best].explain(item);
            }
        };
    }

    @Override
    public List<Recommendation> similar(String itemId, int n, CandidateFilter filter) {
        List<Recommendation> out = knn.similar(itemId, n, filter);
        return out.isEmpty() ? als.similar(itemId, n, filter) : out;
    }
}
