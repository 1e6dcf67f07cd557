package dev.brisk.core.model;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;
import java.util.List;

/**
 * A user's current history as the models read it: each distinct known item once, with the sum of
 * the signed weights of the user's interactions with it (decayed by age relative to the newest
 * event, when decay is on) and the kind of interaction that weighed most, for explanations.
 * Items are in order of the user's latest interaction with them, newest first; the first
 * {@link #sessionSize()} of them were touched in the user's current session.
 */
public final class UserVector {
    /**
     * A pause longer than this ends a session: the 30 minutes of inactivity that web analytics and
     * the session-based recommendation literature (Ludewig and Jannach 2018) use.
     */
    public static final long SESSION_GAP_MILLIS = 30 * 60 * 1000L;

    private final int[] items;
    private final float[] weights;
    private final EventType[] strongest;
    private final int sessionSize;

    private UserVector(int[] items, float[] weights, EventType[] strongest, int sessionSize) {
        this.items = items;
        this.weights = weights;
        this.strongest = strongest;
        this.sessionSize = sessionSize;
    }

    /** Reads a history (newest first); items the model does not know and impressions are skipped. */
    public static UserVector of(List<Event> history, IdMap itemIds, InteractionMatrix.Settings settings) {
        if (history.isEmpty()) {
            return new UserVector(new int[0], new float[0], new EventType[0], 0);
        }
        long newest = Long.MIN_VALUE;
        for (Event e : history) {
            newest = Math.max(newest, e.timestamp());
        }
        Int2IntOpenHashMap slotOf = new Int2IntOpenHashMap(Math.min(history.size(), 1024));
        slotOf.defaultReturnValue(-1);
        int[] items = new int[history.size()];
        float[] weights = new float[history.size()];
        float[] strongestWeight = new float[history.size()];
        EventType[] strongest = new EventType[history.size()];
        boolean[] inSession = new boolean[history.size()];
        long sessionReaches = Long.MAX_VALUE;
        boolean sessionGoesOn = true;
        int size = 0;
        for (Event e : history) {
            if (!e.type().isPreference()) {
                continue; // what was shown to the user is none of their doing: it neither ends nor carries a session
            }
            // The session goes back from the newest action as long as no pause is longer than the gap.
            sessionGoesOn = sessionGoesOn && (sessionReaches == Long.MAX_VALUE
                    || e.timestamp() >= sessionReaches - SESSION_GAP_MILLIS);
            if (sessionGoesOn) {
                sessionReaches = Math.min(sessionReaches, e.timestamp());
            }
            double w = settings.weights().weight(e.type(), e.rating());
            if (w == 0.0) {
                continue;
            }
            int item = itemIds.indexOf(e.itemId());
            if (item < 0) {
                continue;
            }
            float value = (float) (w * settings.decay(newest - e.timestamp()));
            int slot = slotOf.get(item);
            if (slot < 0) {
                slot = size++;
                slotOf.put(item, slot);
                items[slot] = item;
                strongest[slot] = e.type();
                strongestWeight[slot] = Math.abs(value);
                inSession[slot] = sessionGoesOn;
            } else if (Math.abs(value) > strongestWeight[slot]) {
                strongest[slot] = e.type();
                strongestWeight[slot] = Math.abs(value);
            }
            weights[slot] += value;
        }
        int keep = 0;
        int sessionSize = 0;
        for (int k = 0; k < size; k++) {
            if (weights[k] != 0f) {
                sessionSize += inSession[k] ? 1 : 0;
                items[keep] = items[k];
                weights[keep] = weights[k];
                strongest[keep++] = strongest[k];
            }
        }
        return new UserVector(Arrays.copyOf(items, keep), Arrays.copyOf(weights, keep), Arrays.copyOf(strongest, keep),
                sessionSize);
    }

    /** A vector from known item indexes and weights (tests, evaluation). */
    public static UserVector of(int[] items, float[] weights) {
        EventType[] kinds = new EventType[items.length];
        Arrays.fill(kinds, EventType.VIEW);
        return new UserVector(items.clone(), weights.clone(), kinds, items.length);
    }

    /** The {@code n} most recently touched items only: the user's current intent. */
    public UserVector head(int n) {
        if (n >= items.length) {
            return this;
        }
        return new UserVector(Arrays.copyOf(items, n), Arrays.copyOf(weights, n), Arrays.copyOf(strongest, n),
                Math.min(n, sessionSize));
    }

    /** How many of the first items were touched in the current session (no pause over {@link #SESSION_GAP_MILLIS}). */
    public int sessionSize() {
        return sessionSize;
    }

    public int size() {
        return items.length;
    }

    public boolean isEmpty() {
        return items.length == 0;
    }

    public int item(int k) {
        return items[k];
    }

    public float weight(int k) {
        return weights[k];
    }

    /** Whether any item carries positive weight: otherwise there is nothing to recommend "like". */
    public boolean hasPositive() {
        for (float w : weights) {
            if (w > 0) {
                return true;
            }
        }
        return false;
    }

    /** The kind of interaction that weighed most for the k-th item. */
    public EventType strongest(int k) {
        return strongest[k];
    }

    /** The position of an item in this vector, or -1. */
    public int positionOf(int item) {
        for (int k = 0; k < items.length; k++) {
            if (items[k] == item) {
                return k;
            }
        }
        return -1;
    }
}
