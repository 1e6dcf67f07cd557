package dev.brisk.server.ingest;

import java.util.Collection;

/** Served lists that are logged asynchronously: a click naming one waits until it is stored. */
@FunctionalInterface
public interface ServedListsOnTheirWay {
    /** Nothing is ever on its way (an import, where no list is served). */
    ServedListsOnTheirWay NONE = (requestIds, users, timeoutMillis) -> { };

    /**
     * Returns once none of these lists, and no list served to these users, is still waiting to be
     * logged, or when the time is up.
     */
    void awaitLogged(Collection<String> requestIds, Collection<String> users, long timeoutMillis)
            throws InterruptedException;
}
