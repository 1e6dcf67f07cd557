package dev.brisk.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Item-based k-nearest neighbours over implicit feedback. Training keeps, for every item, its
 * {@code k} most similar items by shrunk cosine similarity over the users' positive,
 * log-damped interaction weights. A user is scored from their current history: an item's score is
 * the sum, over the history, of (history weight × similarity), so a dislike pushes its neighbours
 * down. The explanation names the history items that contributed most.
 */
public final class ItemKnn extends PersonalRecommender implements ItemSimilarity {
    public static final String TYPE = "item_knn";

    /**
     * Training parameters. {@code neighbours}: similar items kept per item; {@code shrink}: added
     * to the cosine's denominator so that similarities resting on few users count less;
     * {@code maxUserItems}: a user's strongest items considered (bounds the cost of heavy users).
     */
    public record Params(int neighbours, double shrink, double asymmetry, int maxUserItems) {

        public Params {
            if (neighbours < 1 || shrink < 0 || maxUserItems < 2 || asymmetry < 0 || asymmetry > 1) {
                throw new IllegalArgumentException("invalid item_knn parameters: neighbours=" + neighbours
                        + " shrink=" + shrink + " asymmetry=" + asymmetry + " maxUserItems=" + maxUserItems);
            }
        }

        public static Params defaults() {
            return new Params(100, 10, 0.5, 500);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("neighbours", neighbours);
            m.put("shrink", shrink);
            m.put("asymmetry", asymmetry);
            m.put("max_user_items", maxUserItems);
            m.put("similarity", "cosine over log(1 + weight), shrunk");
            return m;
        }
    }

    final ModelInfo info;
    final ItemIndex index;
    final InteractionMatrix.Settings settings;
    /** Neighbours of item i: positions start[i]..start[i+1] of {@code neighbour}/{@code similarity}, by item index. */
    final int[] start;
    final int[] neighbour;
    final float[] similarity;

    ItemKnn(ModelInfo info, ItemIndex index, InteractionMatrix.Settings settings, int[] start,
                    int[] neighbour, float[] similarity) {
        this.info = info;
        this.index = index;
        this.settings = settings;
        this.start = start;
        this.neighbour = neighbour;
        this.similarity = similarity;
    }

    /**
     * Trains on the matrix, spreading the items over {@code workers}; {@code offlineMetrics}, when
     * known, is recorded in the model's info.
     */
    public static ItemKnn train(InteractionMatrix matrix, ItemIndex index, Params params, Workers workers,
                                TrainingProgress progress, Map<String, Object> offlineMetrics) {
        long started = System.nanoTime();
        int nUsers = matrix.userCount();
        int nItems = matrix.itemCount();

        // Positive, damped user rows, capped at each user's strongest items.
        int[] rowStart = new int[nUsers + 1];
        int[] rowItems = new int[matrix.nonZeros()];
        float[] rowValues = new float[matrix.nonZeros()];
        int filled = 0;
        for (int u = 0; u < nUsers; u++) {
            int from = filled;
            for (int p = matrix.rowStart(u); p < matrix.rowEnd(u); p++) {
                float v = matrix.rowValue(p);
                if (v > 0) {
                    rowItems[filled] = matrix.rowItem(p);
                    rowValues[filled++] = (float) Math.log1p(v);
                }
            }
            if (filled - from > params.maxUserItems()) {
                filled = from + keepStrongest(rowItems, rowValues, from, filled, params.maxUserItems());
            }
            rowStart[u + 1] = filled;
        }
        // Columns of the same entries, and each item's norm.
        int[] colStart = new int[nItems + 1];
        for (int p = 0; p < filled; p++) {
            colStart[rowItems[p] + 1]++;
        }
        for (int i = 0; i < nItems; i++) {
            colStart[i + 1] += colStart[i];
        }
        int[] colUsers = new int[filled];
        float[] colValues = new float[filled];
        int[] fill = Arrays.copyOf(colStart, nItems);
        double[] norm = new double[nItems];
        for (int u = 0; u < nUsers; u++) {
            for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
                int at = fill[rowItems[p]]++;
                colUsers[at] = u;
                colValues[at] = rowValues[p];
                norm[rowItems[p]] += (double) rowValues[p] * rowValues[p];
            }
        }
        double[] squared = norm;
        double a = params.asymmetry();

        int[][] nbItems = new int[nItems][];
        float[][] nbSims = new float[nItems][];
        ThreadLocal<float[]> dots = ThreadLocal.withInitial(() -> new float[nItems]);
        ThreadLocal<int[]> touchedLists = ThreadLocal.withInitial(() -> new int[nItems]);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        int k = params.neighbours();
        float shrink = (float) params.shrink();
        workers.forEach(nItems, i -> {
            float[] dot = dots.get();
            int[] touched = touchedLists.get();
            int nTouched = 0;
            for (int p = colStart[i]; p < colStart[i + 1]; p++) {
                int u = colUsers[p];
                float vi = colValues[p];
                for (int q = rowStart[u]; q < rowStart[u + 1]; q++) {
                    int j = rowItems[q];
                    if (j == i) {
                        continue;
                    }
                    if (dot[j] == 0f) {
                        touched[nTouched++] = j;
                    }
                    dot[j] += vi * rowValues[q];
                }
            }
            float[] sims = new float[nTouched];
            for (int t = 0; t < nTouched; t++) {
                int j = touched[t];
                sims[t] = (float) (dot[j] / (Math.pow(squared[i], a) * Math.pow(squared[j], 1 - a) + shrink));
                dot[j] = 0f;
            }
            int[] best = TopK.select(sims, Math.min(k, nTouched), t -> true);
            int[] items = new int[best.length];
            float[] values = new float[best.length];
            for (int b = 0; b < best.length; b++) {
                items[b] = touched[best[b]];
            }
            Arrays.sort(items);
            for (int b = 0; b < best.length; b++) {
                values[Arrays.binarySearch(items, touched[best[b]])] = sims[best[b]];
            }
            nbItems[i] = items;
            nbSims[i] = values;
            int d = done.incrementAndGet();
            if (d % 1024 == 0 || d == nItems) {
                progress.report(TYPE, d, nItems);
            }
        });
        int[] start = new int[nItems + 1];
        for (int i = 0; i < nItems; i++) {
            start[i + 1] = start[i] + nbItems[i].length;
        }
        int[] neighbour = new int[start[nItems]];
        float[] similarity = new float[start[nItems]];
        for (int i = 0; i < nItems; i++) {
            System.arraycopy(nbItems[i], 0, neighbour, start[i], nbItems[i].length);
            System.arraycopy(nbSims[i], 0, similarity, start[i], nbSims[i].length);
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        Map<String, Object> parameters = params.asMap();
        if (offlineMetrics != null) {
            parameters.put("offline_metrics", offlineMetrics);
        }
        ModelInfo info = new ModelInfo(TYPE, Instant.ofEpochMilli(matrix.trainedAt()).toString(), matrix.trainedAt(), took,
                matrix.userCount(), nItems, matrix.events(), parameters);
        return new ItemKnn(info, index, matrix.settingsUsed(), start, neighbour, similarity);
    }

    /**
     * A model from neighbour lists computed elsewhere with the same similarity (a Spark job): the
     * items by dense index with their trends, the settings the weights were built with, and for item
     * {@code i} its neighbours {@code neighbour[start[i]..start[i + 1])} in ascending index order with
     * their similarities. Serves exactly like a model trained here.
     */
    public static ItemKnn fromNeighbours(ModelInfo info, List<String> itemIds, float[] trend,
                                         dev.brisk.core.catalog.Catalog catalog, InteractionMatrix.Settings settings,
                                         int[] start, int[] neighbour, float[] similarity) {
        if (start.length != itemIds.size() + 1 || neighbour.length != similarity.length
                || start[itemIds.size()] != neighbour.length) {
            throw new IllegalArgumentException("item ids, neighbour starts and neighbours do not match: " + itemIds.size()
                    + " ids, " + start.length + " starts, " + neighbour.length + " neighbours, " + similarity.length
                    + " similarities");
        }
        return new ItemKnn(info, ItemIndex.of(itemIds, trend, catalog), settings, start, neighbour, similarity);
    }

    /** Moves the {@code keep} largest values of [from, to) to its front; returns keep. */
    private static int keepStrongest(int[] items, float[] values, int from, int to, int keep) {
        float[] slice = Arrays.copyOfRange(values, from, to);
        int[] best = TopK.select(slice, keep, t -> true);
        int[] keptItems = new int[best.length];
        float[] keptValues = new float[best.length];
        for (int b = 0; b < best.length; b++) {
            keptItems[b] = items[from + best[b]];
            keptValues[b] = slice[best[b]];
        }
        System.arraycopy(keptItems, 0, items, from, best.length);
        System.arraycopy(keptValues, 0, values, from, best.length);
        return best.length;
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

    /** The similarity of two items, 0 when b is not among a's neighbours. */
    public float similarity(int a, int b) {
        int at = Arrays.binarySearch(neighbour, start[a], start[a + 1], b);
        return at >= 0 ? similarity[at] : 0f;
    }

    /** How many neighbours an item has. */
    public int neighbourCount(int item) {
        return start[item + 1] - start[item];
    }

    @Override
    public UserScores score(UserVector user) {
        // Items only disliked-adjacent end up at or below zero: they are not "because you" picks.
        float[] scores = index.scratch.dense(sums -> accumulate(user, sums), true);
        if (scores == null) {
            return null;
        }
        return new UserScores() {
            @Override
            public float[] values() {
                return scores;
            }

            @Override
            public Explanation explain(int item) {
                return ItemKnn.this.explain(user, item);
            }
        };
    }

    /**
     * Adds the user's sums of similarities to {@code into}, item by item (the scores of {@link #score}
     * where they are above zero; the others do not count); false when the history has no neighbour.
     */
    boolean accumulate(UserVector user, SparseScores into) {
        boolean any = false;
        for (int k = 0; k < user.size(); k++) {
            int h = user.item(k);
            float w = user.weight(k);
            for (int p = start[h]; p < start[h + 1]; p++) {
                into.add(neighbour[p], w * similarity[p]);
                any = true;
            }
        }
        return any;
    }

    Explanation explain(UserVector user, int item) {
        return Phrases.becauseYou(index, user, contributors(user, item));
    }

    /** Positions in the user vector of the history items that raised this item's score most (up to 3). */
    int[] contributors(UserVector user, int item) {
        float[] contribution = new float[user.size()];
        for (int k = 0; k < user.size(); k++) {
            contribution[k] = user.weight(k) * similarity(user.item(k), item);
            if (contribution[k] <= 0f) {
                contribution[k] = Float.NaN;
            }
        }
        return TopK.select(contribution, 3, k -> true);
    }

    @Override
    public List<Recommendation> similar(String itemId, int n, CandidateFilter filter) {
        int item = index.ids().indexOf(itemId);
        if (item < 0 || neighbourCount(item) == 0) {
            return List.of();
        }
        float[] sims = new float[index.size()];
        Arrays.fill(sims, Float.NaN);
        for (int p = start[item]; p < start[item + 1]; p++) {
            sims[neighbour[p]] = similarity[p];
        }
        int[] top = TopK.select(sims, n, j -> filter.accepts(index.id(j)));
        Explanation why = new Explanation("similar", "Often enjoyed together with " + index.title(item), List.of(itemId));
        List<Recommendation> out = new ArrayList<>(top.length);
        for (int j : top) {
            out.add(new Recommendation(index.id(j), round(sims[j]), why));
        }
        return out;
    }
}
