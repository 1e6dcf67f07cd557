package dev.brisk.core.model;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.Arrays;

/**
 * A compact, append-only snapshot of interactions for training: parallel primitive arrays over
 * dense user and item indexes. Build it with {@link Builder}; once built it is not changed.
 */
public final class InteractionLog {
    private final IdMap users;
    private final IdMap items;
    private final int[] userIndex;
    private final int[] itemIndex;
    private final byte[] type;
    /** The types by the codes in {@code type}: their ordinals. */
    private final EventType[] kinds;
    private final float[] rating;
    private final long[] timestamp;
    private final int size;

    private InteractionLog(Builder b, boolean copyIds) {
        this.users = copyIds ? b.users.copy() : b.users;
        this.items = copyIds ? b.items.copy() : b.items;
        this.size = b.size;
        this.userIndex = Arrays.copyOf(b.userIndex, size);
        this.itemIndex = Arrays.copyOf(b.itemIndex, size);
        this.type = Arrays.copyOf(b.type, size);
        this.kinds = b.kinds.clone();
        this.rating = Arrays.copyOf(b.rating, size);
        this.timestamp = Arrays.copyOf(b.timestamp, size);
    }

    public IdMap users() {
        return users;
    }

    public IdMap items() {
        return items;
    }

    public int size() {
        return size;
    }

    public int userAt(int i) {
        return userIndex[i];
    }

    public int itemAt(int i) {
        return itemIndex[i];
    }

    public EventType typeAt(int i) {
        return kinds[type[i]];
    }

    /** The rating of interaction i, NaN when it is not a rating. */
    public float ratingAt(int i) {
        return rating[i];
    }

    public long timestampAt(int i) {
        return timestamp[i];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects interactions one by one; growth is amortised. */
    public static final class Builder {
        private final IdMap users = new IdMap();
        private final IdMap items = new IdMap();
        private int[] userIndex = new int[1024];
        private int[] itemIndex = new int[1024];
        private byte[] type = new byte[1024];
        private EventType[] kinds = EventType.builtIns().toArray(new EventType[0]);
        private float[] rating = new float[1024];
        private long[] timestamp = new long[1024];
        private int size;

        public Builder add(String userId, String itemId, EventType eventType, double ratingValue, long time) {
            if (size == userIndex.length) {
                int capacity = size * 2;
                userIndex = Arrays.copyOf(userIndex, capacity);
                itemIndex = Arrays.copyOf(itemIndex, capacity);
                type = Arrays.copyOf(type, capacity);
                rating = Arrays.copyOf(rating, capacity);
                timestamp = Arrays.copyOf(timestamp, capacity);
            }
            userIndex[size] = users.add(userId);
            itemIndex[size] = items.add(itemId);
            type[size] = code(eventType);
            rating[size] = (float) ratingValue;
            timestamp[size] = time;
            size++;
            return this;
        }

        private byte code(EventType eventType) {
            int at = eventType.ordinal();
            if (at < 0) {
                throw new IllegalArgumentException("events of the retired type " + eventType + " are not trained on");
            }
            if (at >= kinds.length) {
                kinds = Arrays.copyOf(kinds, at + 1);
            }
            if (kinds[at] == null) {
                kinds[at] = eventType;
            } else if (kinds[at] != eventType && !kinds[at].equals(eventType)) {
                throw new IllegalArgumentException(eventType + " and " + kinds[at] + " are of different vocabularies");
            }
            return (byte) at;
        }

        public Builder add(Event event) {
            return add(event.userId(), event.itemId(), event.type(), event.rating(), event.timestamp());
        }

        /**
         * A builder holding what this one holds except the user's interactions, with the user's id
         * gone from the id map as well (items only that user touched go too).
         */
        public Builder without(String userId) {
            int gone = users.indexOf(userId);
            if (gone < 0) {
                return this;
            }
            Builder kept = new Builder();
            for (int i = 0; i < size; i++) {
                if (userIndex[i] != gone) {
                    kept.add(users.idAt(userIndex[i]), items.idAt(itemIndex[i]), kinds[type[i]], rating[i], timestamp[i]);
                }
            }
            return kept;
        }

        public InteractionLog build() {
            return new InteractionLog(this, false);
        }

        /** What was added so far, as a log that stays unchanged while this builder goes on. */
        public InteractionLog snapshot() {
            return new InteractionLog(this, true);
        }

        public int size() {
            return size;
        }

        /** Bytes held by the arrays per interaction (ids and unused capacity aside). */
        public static int bytesPerInteraction() {
            return Integer.BYTES * 2 + 1 + Float.BYTES + Long.BYTES;
        }
    }
}
