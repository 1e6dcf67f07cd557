package dev.brisk.core.eval;

import dev.brisk.core.event.Event;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.IdMap;
import dev.brisk.core.model.InteractionLog;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A per-user chronological hold-out: for every user with at least {@code minInteractions}
 * interactions (impressions do not count), the last {@code holdout} share of them (at least one)
 * is held out, everything before stays in training. A held-out item is relevant when its
 * held-out interactions weigh positive in total and the user had not interacted with it in
 * training (seen items are never recommended, so they cannot be hits). Optionally only a
 * deterministic sample of users is held out; the others stay whole in training.
 */
public final class ChronologicalSplit {

    /**
     * One evaluated user: their training history (newest first), what they interacted with in it, the
     * relevant items, and their held-out events (impressions too) oldest first.
     */
    public record TestUser(String userId, List<Event> history, Set<String> seen, Set<String> relevant,
                           List<Event> heldOut) {
    }

    private final InteractionLog train;
    private final List<TestUser> users;
    private final int heldOut;
    private final List<Event> heldOutEvents;

    private ChronologicalSplit(InteractionLog train, List<TestUser> users, int heldOut, List<Event> heldOutEvents) {
        this.train = train;
        this.users = List.copyOf(users);
        this.heldOut = heldOut;
        this.heldOutEvents = heldOutEvents;
    }

    /** Splits every eligible user. */
    public static ChronologicalSplit of(InteractionLog log, FeedbackWeights weights, double holdout, int minInteractions) {
        return of(log, weights, holdout, minInteractions, 0, 0);
    }

    /**
     * Splits at most {@code maxUsers} eligible users (0: all), chosen by a hash of their id and
     * {@code seed}, so the same data and seed always give the same split.
     */
    public static ChronologicalSplit of(InteractionLog log, FeedbackWeights weights, double holdout, int minInteractions,
                                        int maxUsers, long seed) {
        if (!(holdout > 0 && holdout < 1) || minInteractions < 2) {
            throw new IllegalArgumentException("holdout must be in (0, 1) and minInteractions at least 2");
        }
        IdMap userIds = log.users();
        int nUsers = userIds.size();
        // Each user's events in time order (ties by arrival), as positions into the log.
        int[] start = new int[nUsers + 1];
        for (int e = 0; e < log.size(); e++) {
            start[log.userAt(e) + 1]++;
        }
        for (int u = 0; u < nUsers; u++) {
            start[u + 1] += start[u];
        }
        int[] byUser = new int[log.size()];
        int[] fill = Arrays.copyOf(start, nUsers);
        for (int e = 0; e < log.size(); e++) {
            byUser[fill[log.userAt(e)]++] = e;
        }
        // A merge sort per user with one support array for all of them: fastutil's stableSort of a
        // range copies the array up to the range's end on every call, which over every user is
        // quadratic (10M events of 100,000 users: minutes, and a humongous allocation per user).
        int[] support = new int[log.size()];
        IntComparator byTime = (a, b) -> Long.compare(log.timestampAt(a), log.timestampAt(b));
        for (int u = 0; u < nUsers; u++) {
            int from = start[u];
            int to = start[u + 1];
            if (to - from > 1) {
                System.arraycopy(byUser, from, support, from, to - from); // the support must hold the range's entries
                IntArrays.mergeSort(byUser, from, to, byTime, support);
            }
        }
        int[] chosenOrder = eligibleUsers(log, start, byUser, minInteractions, maxUsers, seed);
        boolean[] chosen = new boolean[nUsers];
        for (int u : chosenOrder) {
            chosen[u] = true;
        }

        boolean[] held = new boolean[log.size()];
        List<TestUser> tests = new ArrayList<>();
        it.unimi.dsi.fastutil.ints.IntArrayList heldOutPositions = new it.unimi.dsi.fastutil.ints.IntArrayList();
        int heldCount = 0;
        for (int u = 0; u < nUsers; u++) {
            if (!chosen[u]) {
                continue;
            }
            int preferences = 0;
            for (int p = start[u]; p < start[u + 1]; p++) {
                preferences += log.typeAt(byUser[p]).isPreference() ? 1 : 0;
            }
            int test = Math.max(1, (int) Math.round(preferences * holdout));
            // Walk back from the newest event until `test` preference events are held out; later impressions go too.
            int cut = start[u + 1];
            for (int taken = 0; taken < test; ) {
                cut--;
                if (log.typeAt(byUser[cut]).isPreference()) {
                    taken++;
                }
            }
            Set<String> seen = new HashSet<>();
            for (int p = start[u]; p < cut; p++) {
                int e = byUser[p];
                if (log.typeAt(e).isPreference()) {
                    seen.add(log.items().idAt(log.itemAt(e)));
                }
            }
            java.util.Map<String, Double> heldWeight = new java.util.LinkedHashMap<>();
            for (int p = cut; p < start[u + 1]; p++) {
                int e = byUser[p];
                held[e] = true;
                if (log.typeAt(e).isPreference()) {
                    heldCount++;
                    heldWeight.merge(log.items().idAt(log.itemAt(e)), weights.weight(log.typeAt(e), log.ratingAt(e)),
                            Double::sum);
                }
            }
            Set<String> relevant = new LinkedHashSet<>();
            heldWeight.forEach((item, w) -> {
                if (w > 0 && !seen.contains(item)) {
                    relevant.add(item);
                }
            });
            if (!relevant.isEmpty()) {
                tests.add(new TestUser(userIds.idAt(u), new LogEvents(log, byUser, start[u], cut, true),
                        Set.copyOf(seen), Set.copyOf(relevant), new LogEvents(log, byUser, cut, start[u + 1], false)));
                for (int p = cut; p < start[u + 1]; p++) {
                    heldOutPositions.add(byUser[p]);
                }
            }
        }
        InteractionLog.Builder train = InteractionLog.builder();
        for (int e = 0; e < log.size(); e++) {
            if (!held[e]) {
                train.add(userIds.idAt(log.userAt(e)), log.items().idAt(log.itemAt(e)), log.typeAt(e),
                        log.ratingAt(e), log.timestampAt(e));
            }
        }
        // In time order; a stable sort, so ties keep each user's order.
        int[] heldOut = heldOutPositions.toIntArray();
        IntArrays.mergeSort(heldOut, byTime);
        return new ChronologicalSplit(train.build(), tests, heldCount, new LogEvents(log, heldOut, 0, heldOut.length, false));
    }

    /** Users with enough interactions, all of them or a seeded sample, in index order. */
    private static int[] eligibleUsers(InteractionLog log, int[] start, int[] byUser, int minInteractions,
                                       int maxUsers, long seed) {
        int nUsers = start.length - 1;
        int[] eligible = new int[nUsers];
        int count = 0;
        for (int u = 0; u < nUsers; u++) {
            int preferences = 0;
            for (int p = start[u]; p < start[u + 1]; p++) {
                preferences += log.typeAt(byUser[p]).isPreference() ? 1 : 0;
            }
            if (preferences >= minInteractions) {
                eligible[count++] = u;
            }
        }
        eligible = Arrays.copyOf(eligible, count);
        if (maxUsers <= 0 || count <= maxUsers) {
            return eligible;
        }
        long[] keys = new long[count];
        for (int k = 0; k < count; k++) {
            keys[k] = mix(seed ^ log.users().idAt(eligible[k]).hashCode());
        }
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        int[] sample = new int[maxUsers];
        for (int k = 0; k < maxUsers; k++) {
            sample[k] = eligible[order[k]];
        }
        Arrays.sort(sample);
        return sample;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * Events of the log at some of its positions, made when asked for. A split's histories and
     * held-out events live through a whole validation pass: as objects (a hundred thousand at the
     * service's default of 1,000 users) the young collections copied them while every serving
     * thread stood still; as positions into one array they cost four bytes each and nothing to copy.
     */
    private static final class LogEvents extends java.util.AbstractList<Event> implements java.util.RandomAccess {
        private final InteractionLog log;
        private final int[] positions;
        private final int from;
        private final int to;
        private final boolean newestFirst;

        /** {@code positions[from..to)}, in that order or, newest first, backwards. */
        LogEvents(InteractionLog log, int[] positions, int from, int to, boolean newestFirst) {
            this.log = log;
            this.positions = positions;
            this.from = from;
            this.to = to;
            this.newestFirst = newestFirst;
        }

        @Override
        public Event get(int index) {
            java.util.Objects.checkIndex(index, size());
            int e = positions[newestFirst ? to - 1 - index : from + index];
            return new Event(null, log.users().idAt(log.userAt(e)), log.items().idAt(log.itemAt(e)), log.typeAt(e),
                    log.ratingAt(e), log.timestampAt(e), null, null, null);
        }

        @Override
        public int size() {
            return to - from;
        }
    }

    /** Every interaction except the held-out ones. */
    public InteractionLog train() {
        return train;
    }

    /** The evaluated users (those with at least one relevant held-out item), in user order. */
    public List<TestUser> users() {
        return users;
    }

    /** The held-out events of the evaluated users (impressions too), in time order: what a replay sends. */
    public List<Event> heldOutEvents() {
        return heldOutEvents;
    }

    /** Held-out interactions (impressions not counted). */
    public int heldOut() {
        return heldOut;
    }

    /** The newest training timestamp: the "now" of models trained on this split. */
    public long trainEnd() {
        long end = Long.MIN_VALUE;
        for (int e = 0; e < train.size(); e++) {
            end = Math.max(end, train.timestampAt(e));
        }
        return end == Long.MIN_VALUE ? 0 : end;
    }
}
