package dev.brisk.client;

import java.util.List;

/** One page of the catalog listing; {@code nextCursor} is null on the last page. */
public record ItemPage(List<Item> items, String nextCursor) {

    public boolean hasMore() {
        return nextCursor != null;
    }
}
