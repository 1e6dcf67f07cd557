package dev.brisk.server.store;

import java.util.List;
import java.util.Objects;

/**
 * One served list as the log keeps it: who got it, from which model, its {@code itemCount} item
 * ids in order from {@code firstPosition} on (joined by {@link #SEPARATOR}, as the log stores
 * them, so that the request that served the list does no work per item to hand it over), and the
 * experiment and variant it counted for (both null outside any experiment).
 *
 * <p>The same list served again to the same user within {@link #REPEAT_SPAN_MILLIS} of its first
 * time, through the same instance, is a <em>repeat</em>: it is answered with the request id
 * {@code <first request id>.<n>} and counted in the first list's row ({@code repeats},
 * {@code last_served_at}) instead of a row of its own (see {@link #originOf}).
 */
public record LoggedList(String requestId, String userId, String modelType, String modelVersion, int firstPosition,
                         int itemCount, String items, long servedAt, String experimentId, String variant) {
    /** Between the item ids of a list: ids never hold control characters. */
    public static final char SEPARATOR = '\n';
    /** How long after a list was first served the same list served again is counted as a repeat of it. */
    public static final long REPEAT_SPAN_MILLIS = 10 * 60_000L;

    /** A list from its item ids one by one. */
    public LoggedList(String requestId, String userId, String modelType, String modelVersion, int firstPosition,
                      List<String> itemIds, long servedAt, String experimentId, String variant) {
        this(requestId, userId, modelType, modelVersion, firstPosition, itemIds.size(),
                String.join(String.valueOf(SEPARATOR), itemIds), servedAt, experimentId, variant);
    }

    /** The item ids one by one. */
    public List<String> itemIds() {
        return items.isEmpty() ? List.of() : List.of(items.split(String.valueOf(SEPARATOR), -1));
    }

    /**
     * Whether {@code other} is this list served again: to the same user, from the same model version
     * and experiment variant, the same items from the same position, within the repeat span.
     */
    public boolean isRepeatedBy(LoggedList other) {
        return other.servedAt() - servedAt < REPEAT_SPAN_MILLIS && userId.equals(other.userId())
                && firstPosition == other.firstPosition() && itemCount == other.itemCount()
                && items.equals(other.items()) && modelType.equals(other.modelType())
                && modelVersion.equals(other.modelVersion()) && Objects.equals(experimentId, other.experimentId())
                && Objects.equals(variant, other.variant());
    }

    /** The id of the repeat numbered {@code n} of this list. */
    public String repeatId(int n) {
        return requestId + '.' + n;
    }

    /** The logged list a request id names: itself, or for a repeat's id ({@code <id>.<n>}) the list it repeats. */
    public static String originOf(String requestId) {
        int dot = requestId.lastIndexOf('.');
        if (dot <= 0 || dot == requestId.length() - 1) {
            return requestId;
        }
        for (int i = dot + 1; i < requestId.length(); i++) {
            if (requestId.charAt(i) < '0' || requestId.charAt(i) > '9') {
                return requestId;
            }
        }
        return requestId.substring(0, dot);
    }
}
