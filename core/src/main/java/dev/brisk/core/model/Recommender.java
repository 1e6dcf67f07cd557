package dev.brisk.core.model;

import java.util.List;

/**
 * A trained, immutable recommendation model. It scores a user from the history given in the
 * query, so every acknowledged event counts at once; a retrained model replaces it whole.
 */
public interface Recommender {

    /** The model's type as used in {@code model=} ("popular", "item_knn", ...). */
    String type();

    /** Version, training time and the data and parameters it was trained with. */
    ModelInfo info();

    /** Up to {@code query.n()} items, best first, each passing the query's filter, with explanations. */
    List<Recommendation> recommend(RecommendQuery query);
}
