package dev.brisk.server.recommend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.brisk.core.event.Event;
import dev.brisk.server.cache.RecommendationCache;
import dev.brisk.server.store.ActivityStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Users' latest events as the request path scores from them ({@link ActivityStore#recentInteractions}),
 * kept in memory between lists so that a list made again for a history that has not changed (after
 * a retraining, for another page size, genre or exclusion, after the list's time to live) does not
 * read the database again. A read costs about 2 ms for a user with 1,000 events.
 * <p>A history is used only while the user's cache generation is the one read before the history
 * was: every acknowledged event, erasure and cache invalidation advances it, through this instance
 * or any other sharing the Redis cache, so a history held here is never behind the database by an
 * event the cache has heard of. Events this instance commits are added to a history held here
 * ({@link #committed}) before their invalidation, which then moves the generation to the one the
 * new history expects, so the list made right after a user's event does not read the database either.
 * Such a history is used only once that invalidation is done ({@link #invalidated}), and only for a
 * generation read after it was fetched: see {@link #recent}.
 * <p>Bounded by the number of events held ({@code maxEvents}, 0 turns it off) and by a time to live
 * counted from the read (at most ten minutes, within which the in-process cache never forgets a
 * generation it was asked for).
 */
public final class UserHistories {
    private static final Duration MAX_TTL = Duration.ofMinutes(10);

    private final Reader events;
    private final ToLongFunction<String> generations;
    private final int limit;
    private final Cache<String, Held> held;
    /** Commits started by this instance's ingest writer ({@link #committing}). */
    private final AtomicLong commits = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder reads = new LongAdder();

    /**
     * A history read after the user's generation {@code generation} was, the number of commits
     * started when its read had ended, and newest first; {@code pending} from the moment a commit's
     * events are added to it until that commit's invalidation has moved the generation on.
     */
    private record Held(long generation, long commitsBefore, List<Event> history, boolean pending, long readAt) {
        /** With a commit's events, expecting the generation its invalidation makes, and pending until then. */
        Held with(List<Event> added, int limit) {
            return new Held(generation + 1, commitsBefore, merge(history, added, limit), true, readAt);
        }

        /** Usable again, its commit's invalidation done. */
        Held settled() {
            return pending ? new Held(generation, commitsBefore, history, false, readAt) : this;
        }
    }

    /** Reads a user's latest events from the database, newest first ({@link ActivityStore#recentInteractions}). */
    @FunctionalInterface
    public interface Reader {
        List<Event> recentInteractions(String userId, int limit);
    }

    /** @param generations a user's cache generation ({@link RecommendationCache#generation}) */
    public UserHistories(Reader events, ToLongFunction<String> generations, int limit, long maxEvents, Duration ttl) {
        this.events = events;
        this.generations = generations;
        this.limit = limit;
        this.held = maxEvents <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxEvents)
                .weigher((String user, Held h) -> h.history().size() + 1)
                .expireAfter(new SinceRead((ttl.compareTo(MAX_TTL) < 0 ? ttl : MAX_TTL).toNanos()))
                .build();
    }

    /** The latest events a model scores from. */
    public int limit() {
        return limit;
    }

    /**
     * A user's latest events, and their cache generation read before them (negative when it could
     * not be read, or was not asked for): the one a list made from them is cached with.
     */
    public record Recent(List<Event> history, long generation) {
    }

    /**
     * The user's latest events, newest first, at most {@link #limit()}: held here when the user's
     * generation is still the one they were read or brought up to date at, read from the database
     * otherwise; with the generation read before, which {@code forCache} asks for also when no history
     * is held. Throws like the store when it cannot be read.
     */
    public Recent recent(String userId, boolean forCache) {
        if (held == null) {
            long generation = forCache ? generations.applyAsLong(userId) : -1;
            reads.increment();
            return new Recent(events.recentInteractions(userId, limit), generation);
        }
        // The history held first, then the generation: a history made usable by a commit's
        // invalidation (see committed) is then one whose invalidation precedes the generation read.
        Held h = held.getIfPresent(userId);
        long current = generations.applyAsLong(userId);
        if (h != null && !h.pending() && current >= 0 && h.generation() == current) {
            hits.increment();
            return new Recent(h.history(), current);
        }
        reads.increment();
        List<Event> history = Collections.unmodifiableList(events.recentInteractions(userId, limit));
        if (current >= 0) {
            held.put(userId, new Held(current, commits.get(), history, false, System.nanoTime()));
        }
        return new Recent(history, current);
    }

    /**
     * Called by the ingest writer before each commit: a history read since may already hold its
     * events. Returns the commit's number, which {@link #committed} is given.
     */
    public long committing() {
        return commits.incrementAndGet();
    }

    /**
     * Adds the events of commit {@code commit} ({@link #committing}) to the histories held of their
     * users, and expects the generation one further, which the invalidation after this commit makes
     * it; until {@link #invalidated} they are not used (a history whose generation was already behind
     * would otherwise match the generation between this commit and its invalidation). A history whose
     * read may have seen these events (it ended after the commit began) is dropped instead.
     * <p>Commits are told here, and invalidated, one after the other in their order; the next commit
     * may already be written meanwhile (its events are then in the database, not yet acknowledged),
     * which drops the histories read since it began.
     */
    public void committed(long commit, List<Event> stored) {
        if (held == null || stored.isEmpty()) {
            return;
        }
        Map<String, List<Event>> byUser = new LinkedHashMap<>();
        for (Event e : stored) {
            if (held.getIfPresent(e.userId()) != null) {
                byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
            }
        }
        byUser.forEach((user, added) -> held.asMap().computeIfPresent(user,
                (u, h) -> h.commitsBefore() < commit ? h.with(added, limit) : null));
    }

    /**
     * Called once the commit's users were invalidated (not when that failed): the histories their events
     * were added to may be used from now on, while the generation is the one they expect.
     */
    public void invalidated(List<Event> stored) {
        if (held == null) {
            return;
        }
        Set<String> users = new HashSet<>();
        for (Event e : stored) {
            if (users.add(e.userId())) {
                held.asMap().computeIfPresent(e.userId(), (u, h) -> h.settled());
            }
        }
    }

    /** Histories answered from memory so far. */
    public long hits() {
        return hits.sum();
    }

    /** Histories read from the database so far. */
    public long reads() {
        return reads.sum();
    }

    /** Events held, for the metrics. */
    public long heldEvents() {
        return held == null ? 0 : held.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /**
     * A history expires its time to live after it was read from the database, however many commits
     * were added to it since: what reached the database by other ways than this service is then read.
     */
    private record SinceRead(long ttlNanos) implements Expiry<String, Held> {
        @Override
        public long expireAfterCreate(String user, Held h, long now) {
            return Math.max(0, ttlNanos - (now - h.readAt()));
        }

        @Override
        public long expireAfterUpdate(String user, Held h, long now, long left) {
            return Math.max(0, ttlNanos - (now - h.readAt()));
        }

        @Override
        public long expireAfterRead(String user, Held h, long now, long left) {
            return left;
        }
    }

    /**
     * The history with events stored after every one of it (in the order they were stored), newest
     * first as the database orders them: by time, and of equal times the later stored first.
     */
    static List<Event> merge(List<Event> history, List<Event> added, int limit) {
        List<Event> out = new ArrayList<>(Math.min(limit, history.size() + added.size()));
        out.addAll(history);
        for (Event e : added) {
            Event lean = new Event(null, e.userId(), e.itemId(), e.type(), e.rating(), e.timestamp(), null, null, null);
            int at = 0;
            while (at < out.size() && out.get(at).timestamp() > e.timestamp()) {
                at++;
            }
            if (at < limit) {
                out.add(at, lean);
            }
        }
        if (out.size() > limit) {
            out.subList(limit, out.size()).clear();
        }
        return Collections.unmodifiableList(out);
    }
}
