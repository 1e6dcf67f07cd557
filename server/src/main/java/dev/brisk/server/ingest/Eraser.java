package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.UserProfile;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.ErasureStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The right to be forgotten: erases a user (events, profile, sessions, served lists) or one event,
 * drops the user's cached lists (in Redis, for every instance) and the live feed's copies. The
 * erasure is recorded in the database in the same transaction, so that the trainer, on whichever
 * instance it runs, forgets the user before its next run. Erasing twice changes nothing more.
 */
public final class Eraser {
    /** How long an erasure waits at most for the served lists queued before it to be stored. */
    private static final long FLUSH_MILLIS = 5_000;

    private final ErasureStore store;
    private final RecommendationCache cache;
    private final RecentEvents recent;
    private final ProfileAggregator aggregator;
    private final CatalogService catalog;
    private final ServedLists servedLists;

    public Eraser(ErasureStore store, RecommendationCache cache, RecentEvents recent, ProfileAggregator aggregator,
                  CatalogService catalog, ServedLists servedLists) {
        this.servedLists = servedLists;
        this.store = store;
        this.cache = cache;
        this.recent = recent;
        this.aggregator = aggregator;
        this.catalog = catalog;
    }

    /** Erases everything stored about a user; the counts of rows removed, by kind. */
    public Map<String, Integer> eraseUser(String userId) {
        // Lists served to the user and still queued are stored first, so that they are erased too.
        servedLists.flush(FLUSH_MILLIS);
        Map<String, Integer> counts = store.eraseUser(userId, System.currentTimeMillis());
        servedLists.forget(userId);
        cache.invalidateUser(userId);
        recent.forget(e -> e.userId().equals(userId));
        return counts;
    }

    /** Erases one event and rebuilds its user's profile without it; the user, empty when no event has that id. */
    public Optional<String> eraseEvent(String eventId) {
        Optional<String> user = store.eraseEvent(eventId, System.currentTimeMillis(), this::profileOf);
        user.ifPresent(u -> {
            cache.invalidateUser(u);
            recent.forget(e -> eventId.equals(e.eventId()));
        });
        return user;
    }

    /** The profile of a user's events, oldest first, as ingest would have built it. */
    private UserProfile profileOf(List<Event> events) {
        UserProfile profile = UserProfile.empty(events.get(0).userId());
        Set<String> sessions = new HashSet<>();
        for (Event e : events) {
            boolean newSession = e.sessionId() != null && sessions.add(e.sessionId());
            profile = aggregator.apply(profile, e, catalog.current().genresOf(e.itemId()), newSession);
        }
        return profile;
    }
}
