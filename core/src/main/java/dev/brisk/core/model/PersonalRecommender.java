package dev.brisk.core.model;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The serving side shared by the personal models: read the user's current history, let the model
 * score every item, keep the best ones that pass the query's genre and filter, explain them, and
 * fill up with trending items when the model has too little to go on (no usable history yet, or
 * fewer scored candidates than asked for). A model over a large catalog may score only candidates
 * it found approximately ({@link #scoreCandidates}); when too few of them pass the filters, every
 * item is scored after all.
 */
public abstract class PersonalRecommender implements Recommender, ItemScorer {

    /**
     * Candidates asked of a model that serves from candidates: this many per item of the list (so
     * that enough pass the filters), at least {@link #MIN_CANDIDATES}, plus one per item of the
     * user's history (which the list may exclude as seen).
     */
    static final int CANDIDATES_PER_ITEM = 4;
    /** The fewest candidates asked for: an approximate search is accurate only when it looks this wide. */
    static final int MIN_CANDIDATES = 100;

    @Override
    public List<Recommendation> recommend(RecommendQuery query) {
        UserVector user = UserVector.of(query.history(), index().ids(), settings());
        if (!user.hasPositive()) {
            return rank(null, query);
        }
        IntPredicate accept = index().acceptor(query);
        IntSet unlisted = unlisted(user, accept);
        CandidateScores candidates = scoreCandidates(user,
                Math.max(MIN_CANDIDATES, CANDIDATES_PER_ITEM * query.n()) + (unlisted == null ? user.size() : 0),
                unlisted);
        if (candidates != null) {
            int[] items = candidates.items();
            int[] top = TopK.select(candidates.scores(), query.n(), position -> accept.test(items[position]));
            if (top.length == query.n()) {
                List<Recommendation> out = new ArrayList<>(top.length);
                for (int position : top) {
                    int item = items[position];
                    out.add(new Recommendation(index().id(item), round(candidates.scores()[position]),
                            candidates.why().apply(item)));
                }
                return out;
            }
            // Too few candidates pass the query's genre and filter: every item is scored instead.
        }
        return rank(score(user), query);
    }

    /**
     * The user's history when the query lists none of it (as when seen items are excluded), so that
     * candidates are searched among the other items; null when some of it may be listed.
     */
    private static IntSet unlisted(UserVector user, IntPredicate accept) {
        IntOpenHashSet history = new IntOpenHashSet(user.size());
        for (int k = 0; k < user.size(); k++) {
            int item = user.item(k);
            if (accept.test(item)) {
                return null;
            }
            history.add(item);
        }
        return history;
    }

    /**
     * The user's scores for about {@code count} candidates only, for a model that can find its best
     * items without scoring them all; null (the default) when it cannot, and every item is scored.
     * {@code unlisted}: items the list cannot hold (the history, when seen items are excluded), which
     * need not be among the candidates; null when there are none known.
     */
    protected CandidateScores scoreCandidates(UserVector user, int count, IntSet unlisted) {
        return null;
    }

    /** The top of a score array for the query, explained, filled up from the trend. */
    protected final List<Recommendation> rank(UserScores scores, RecommendQuery query) {
        IntPredicate accept = index().acceptor(query);
        int[] top = scores == null ? new int[0] : TopK.select(scores.values(), query.n(), accept);
        return listed(scores, top, accept, query.n());
    }

    /** The chosen items explained, filled up from the trend to {@code n}. */
    private List<Recommendation> listed(UserScores scores, int[] top, IntPredicate accept, int n) {
        ItemIndex index = index();
        List<Recommendation> out = new ArrayList<>(n);
        for (int item : top) {
            out.add(new Recommendation(index.id(item), round(scores.values()[item]), scores.explain(item)));
        }
        if (out.size() < n) {
            fillFromTrend(out, top, accept, n);
        }
        return out;
    }

    private void fillFromTrend(List<Recommendation> out, int[] taken, IntPredicate accept, int n) {
        ItemIndex index = index();
        java.util.BitSet chosen = new java.util.BitSet();
        for (int item : taken) {
            chosen.set(item);
        }
        Explanation why = Phrases.popular();
        for (int rank = 0; rank < index.size() && out.size() < n; rank++) {
            int item = index.trendOrder(rank);
            if (!chosen.get(item) && accept.test(item)) {
                out.add(new Recommendation(index.id(item), 0.0, why));
            }
        }
    }

    static double round(double score) {
        return Math.round(score * 1_000_000.0) / 1_000_000.0;
    }
}
