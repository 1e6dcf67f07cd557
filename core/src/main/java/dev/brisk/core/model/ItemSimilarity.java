package dev.brisk.core.model;

import java.util.List;

/** A model that can list the items most similar to a given one ("more like this"). */
public interface ItemSimilarity {

    /**
     * Up to {@code n} items most similar to {@code itemId}, best first, each passing the filter;
     * empty when the model knows nothing about the item.
     */
    List<Recommendation> similar(String itemId, int n, CandidateFilter filter);
}
