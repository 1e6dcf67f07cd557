package dev.brisk.core.model;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;

/**
 * Sequential rules ("SR"), the session-based method of Kamehkhosh, Jannach and Ludewig (2017, "A
 * comparison of frequent pattern techniques and a deep learning method for session-based
 * recommendation") that Ludewig and Jannach (2018, "Evaluation of session-based recommendation
 * algorithms", User Modeling and User-Adapted Interaction 28) found as accurate as neural methods on
 * retail and media sessions: what a user does next follows from what they did just before.
 *
 * <p>Training cuts each user's positive interactions into sessions (a pause of more than
 * {@link UserVector#SESSION_GAP_MILLIS} ends one; repeated interactions with the item just touched
 * are one step) and, for every item b that follows an item a at most {@value #STEPS} steps later in
 * one session, adds 1 / distance to the rule a → b. Each item keeps its {@code successors} strongest
 * rules. A user is scored from the items of their current session (the latest ones in
 * {@link UserVector#sessionSize()}), newest first: the rules of the k-th newest count 1 / k, so the
 * last thing the user did weighs most and what they did months ago not at all.
 */
public final class SequentialRules {
    /** Only successors this many steps away or closer make a rule (the paper's window). */
    public static final int STEPS = 10;
    /** Strongest successors kept per item. */
    public static final int SUCCESSORS = 100;

    final ItemIndex index;
    /** Successors of item a: positions start[a]..start[a+1] of {@code next}/{@code weight}, by item index. */
    final int[] start;
    final int[] next;
    final float[] weight;

    SequentialRules(ItemIndex index, int[] start, int[] next, float[] weight) {
        this.index = index;
        this.start = start;
        this.next = next;
        this.weight = weight;
    }

    /** No rules at all: a hybrid whose stored form predates them. */
    static SequentialRules none(ItemIndex index) {
        return new SequentialRules(index, new int[index.size() + 1], new int[0], new float[0]);
    }

    /** Learns the rules from the log's positive interactions with items of {@code index}. */
    public static SequentialRules train(InteractionLog log, ItemIndex index, FeedbackWeights weights, Workers workers) {
        int[] sequence = sessionSequences(log, index, weights);
        int nItems = index.size();
        // Where each item occurs in the sequences (-1 separates sessions).
        int[] occurrenceStart = new int[nItems + 1];
        for (int item : sequence) {
            if (item >= 0) {
                occurrenceStart[item + 1]++;
            }
        }
        for (int i = 0; i < nItems; i++) {
            occurrenceStart[i + 1] += occurrenceStart[i];
        }
        int[] occurrences = new int[occurrenceStart[nItems]];
        int[] fill = Arrays.copyOf(occurrenceStart, nItems);
        for (int p = 0; p < sequence.length; p++) {
            if (sequence[p] >= 0) {
                occurrences[fill[sequence[p]]++] = p;
            }
        }
        int[][] successors = new int[nItems][];
        float[][] strengths = new float[nItems][];
        ThreadLocal<float[]> sums = ThreadLocal.withInitial(() -> new float[nItems]);
        ThreadLocal<int[]> touchedLists = ThreadLocal.withInitial(() -> new int[nItems]);
        workers.forEach(nItems, a -> {
            float[] sum = sums.get();
            int[] touched = touchedLists.get();
            int nTouched = 0;
            for (int o = occurrenceStart[a]; o < occurrenceStart[a + 1]; o++) {
                int from = occurrences[o];
                for (int d = 1; d <= STEPS && from + d < sequence.length && sequence[from + d] >= 0; d++) {
                    int b = sequence[from + d];
                    if (b == a) {
                        continue;
                    }
                    if (sum[b] == 0f) {
                        touched[nTouched++] = b;
                    }
                    sum[b] += 1f / d;
                }
            }
            float[] values = new float[nTouched];
            for (int t = 0; t < nTouched; t++) {
                values[t] = sum[touched[t]];
                sum[touched[t]] = 0f;
            }
            int[] best = TopK.select(values, Math.min(SUCCESSORS, nTouched), t -> true);
            int[] items = new int[best.length];
            for (int k = 0; k < best.length; k++) {
                items[k] = touched[best[k]];
            }
            Arrays.sort(items);
            float[] kept = new float[best.length];
            for (int k = 0; k < best.length; k++) {
                kept[Arrays.binarySearch(items, touched[best[k]])] = values[best[k]];
            }
            successors[a] = items;
            strengths[a] = kept;
        });
        int[] start = new int[nItems + 1];
        for (int a = 0; a < nItems; a++) {
            start[a + 1] = start[a] + successors[a].length;
        }
        int[] next = new int[start[nItems]];
        float[] weight = new float[start[nItems]];
        for (int a = 0; a < nItems; a++) {
            System.arraycopy(successors[a], 0, next, start[a], successors[a].length);
            System.arraycopy(strengths[a], 0, weight, start[a], strengths[a].length);
        }
        return new SequentialRules(index, start, next, weight);
    }

    /**
     * Every user's positive interactions in time order as item indexes, sessions separated by -1,
     * an interaction with the item just touched not repeated.
     */
    private static int[] sessionSequences(InteractionLog log, ItemIndex index, FeedbackWeights weights) {
        int[] itemOf = new int[log.items().size()];
        for (int i = 0; i < itemOf.length; i++) {
            itemOf[i] = index.ids().indexOf(log.items().idAt(i));
        }
        int[] order = new int[log.size()];
        int n = 0;
        for (int e = 0; e < log.size(); e++) {
            if (itemOf[log.itemAt(e)] >= 0 && log.typeAt(e).isPreference()
                    && weights.weight(log.typeAt(e), log.ratingAt(e)) > 0) {
                order[n++] = e;
            }
        }
        order = Arrays.copyOf(order, n);
        IntArrays.stableSort(order, (a, b) -> {
            int byUser = Integer.compare(log.userAt(a), log.userAt(b));
            return byUser != 0 ? byUser : Long.compare(log.timestampAt(a), log.timestampAt(b));
        });
        int[] sequence = new int[2 * n];
        int size = 0;
        int previousUser = -1;
        long previousTime = 0;
        for (int e : order) {
            int item = itemOf[log.itemAt(e)];
            boolean newSession = log.userAt(e) != previousUser
                    || log.timestampAt(e) - previousTime > UserVector.SESSION_GAP_MILLIS;
            if (newSession && size > 0 && sequence[size - 1] >= 0) {
                sequence[size++] = -1;
            }
            if (size == 0 || sequence[size - 1] != item) {
                sequence[size++] = item;
            }
            previousUser = log.userAt(e);
            previousTime = log.timestampAt(e);
        }
        return Arrays.copyOf(sequence, size);
    }

    /** How many rules are kept. */
    public int size() {
        return next.length;
    }

    /** The rule a → b's strength, 0 when there is none. */
    public float strength(int a, int b) {
        int at = Arrays.binarySearch(next, start[a], start[a + 1], b);
        return at >= 0 ? weight[at] : 0f;
    }

    /** The user's next items by the rules of their current session, null when no rule applies. */
    UserScores score(UserVector user) {
        float[] scores = index.scratch.dense(sums -> accumulate(user, sums), false);
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
                return SequentialRules.this.explain(user, item);
            }
        };
    }

    /** Adds the user's scores of {@link #score} to {@code into}, item by item; false when no rule applies. */
    boolean accumulate(UserVector user, SparseScores into) {
        boolean any = false;
        int rank = 0;
        for (int k = 0; k < user.sessionSize(); k++) {
            if (user.weight(k) <= 0) {
                continue;
            }
            float recency = 1f / ++rank;
            int a = user.item(k);
            for (int p = start[a]; p < start[a + 1]; p++) {
                into.add(next[p], recency * weight[p]);
                any = true;
            }
        }
        return any;
    }

    Explanation explain(UserVector user, int item) {
        return Phrases.becauseYou(index, user, contributors(user, item));
    }

    /** Positions of the session's items whose rules led to this item most (up to 3). */
    private int[] contributors(UserVector user, int item) {
        float[] contribution = new float[user.sessionSize()];
        Arrays.fill(contribution, Float.NaN);
        int rank = 0;
        for (int k = 0; k < contribution.length; k++) {
            if (user.weight(k) > 0) {
                float c = strength(user.item(k), item) / ++rank;
                contribution[k] = c > 0 ? c : Float.NaN;
            }
        }
        return TopK.select(contribution, 3, k -> true);
    }
}
