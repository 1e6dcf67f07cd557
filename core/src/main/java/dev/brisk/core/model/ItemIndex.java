package dev.brisk.core.model;

import dev.brisk.core.catalog.Catalog;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The items of one trained model set, by dense index: their ids, titles and genres (from the
 * catalog at training time), genre membership as bit sets for fast genre filters, and the trend
 * order used to fill lists when a model has nothing personal to say. Shared, read-only, by every
 * model trained from the same {@link InteractionMatrix}.
 */
public final class ItemIndex {
    private static final BitSet NONE = new BitSet();

    final IdMap ids;
    final Catalog catalog;
    final Map<String, BitSet> genreMembers;
    final float[] trend;
    final int[] byTrend;
    /** Accumulators of per-item sums for requests scored from candidates (allocated on first use). */
    final SparseScores.Pool scratch;

    private ItemIndex(IdMap ids, Catalog catalog, Map<String, BitSet> genreMembers, float[] trend, int[] byTrend) {
        this.ids = ids;
        this.catalog = catalog;
        this.genreMembers = genreMembers;
        this.trend = trend;
        this.byTrend = byTrend;
        this.scratch = new SparseScores.Pool(trend.length);
    }

    public static ItemIndex of(InteractionMatrix matrix, Catalog catalog) {
        return of(matrix.items(), matrix.trendArray(), catalog);
    }

    /** An index over items listed by dense index (a model trained elsewhere), with their trends. */
    static ItemIndex of(java.util.List<String> itemIds, float[] trend, Catalog catalog) {
        IdMap ids = new IdMap();
        for (String id : itemIds) {
            ids.add(id);
        }
        if (ids.size() != itemIds.size() || trend.length != itemIds.size()) {
            throw new IllegalArgumentException("item ids must be distinct, one trend each: " + itemIds.size() + " ids ("
                    + ids.size() + " distinct), " + trend.length + " trends");
        }
        return of(ids, trend, catalog);
    }

    /** An index over these items and trends, with genres from {@code catalog} (also how a stored model is restored). */
    static ItemIndex of(IdMap ids, float[] trend, Catalog catalog) {
        Map<String, BitSet> members = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            for (String genre : catalog.genresOf(ids.idAt(i))) {
                members.computeIfAbsent(genre.toLowerCase(Locale.ROOT), g -> new BitSet(ids.size())).set(i);
            }
        }
        int[] order = new int[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        IntArrays.stableSort(order, (a, b) -> Float.compare(trend[b], trend[a]));
        return new ItemIndex(ids, catalog, members, trend, order);
    }

    public IdMap ids() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    public String id(int item) {
        return ids.idAt(item);
    }

    public String title(int item) {
        return catalog.titleOf(ids.idAt(item));
    }

    public Catalog catalog() {
        return catalog;
    }

    public float trend(int item) {
        return trend[item];
    }

    /** Item indexes, highest trend first. */
    int trendOrder(int rank) {
        return byTrend[rank];
    }

    /** Whether the item is labelled with the genre (case-insensitive). */
    public boolean inGenre(String genre, int item) {
        return genreMembers.getOrDefault(genre.toLowerCase(Locale.ROOT), NONE).get(item);
    }

    /** The test every returned item must pass: the query's genre (cheap, first) and its filter. */
    public IntPredicate acceptor(RecommendQuery query) {
        CandidateFilter filter = query.filter();
        if (query.hasGenre()) {
            BitSet genre = genreMembers.getOrDefault(query.genre().toLowerCase(Locale.ROOT), NONE);
            return item -> genre.get(item) && filter.accepts(ids.idAt(item));
        }
        return item -> filter.accepts(ids.idAt(item));
    }
}
