package dev.brisk.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The serving side shared by the personal models: read the user's current history, let the model
 * score every item, keep the best ones that pass the query's genre and filter, explain them, and
 * fill up with trending items when the model has too little to go on (no usable history yet, or
 * fewer scored candidates than asked for).
 */
public abstract class PersonalRecommender implements Recommender, ItemScorer {

    @Override
    public List<Recommendation> recommend(RecommendQuery query) {
        UserVector user = UserVector.of(query.history(), index().ids(), settings());
        UserScores scores = user.hasPositive() ? score(user) : null;
        return rank(scores, query);
    }

    /** The top of a score array for the query, explained, filled up from the trend. */
    protected final List<Recommendation> rank(UserScores scores, RecommendQuery query) {
        ItemIndex index = index();
        IntPredicate accept = index.acceptor(query);
        List<Recommendation> out = new ArrayList<>(query.n());
        int[] top = scores == null ? new int[0] : TopK.select(scores.values(), query.n(), accept);
        for (int item : top) {
            out.add(new Recommendation(index.id(item), round(scores.values()[item]), scores.explain(item)));
        }
        if (out.size() < query.n()) {
            fillFromTrend(out, top, accept, query.n());
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
