package dev.brisk.server.store;

import java.util.List;

/**
 * One served list as the log keeps it: who got it, from which model, its {@code itemCount} item
 * ids in order from {@code firstPosition} on (joined by {@link #SEPARATOR}, as the log stores
 * them, so that the request that served the list does no work per item to hand it over), and the
 * experiment and variant it counted for (both null outside any experiment).
 */
public record LoggedList(String requestId, String userId, String modelType, String modelVersion, int firstPosition,
                         int itemCount, String items, long servedAt, String experimentId, String variant) {
    /** Between the item ids of a list: ids never hold control characters. */
    public static final char SEPARATOR = '\n';

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
}
