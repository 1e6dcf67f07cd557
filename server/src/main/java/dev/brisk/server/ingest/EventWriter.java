package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.core.profile.UserProfile;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.Dialect;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.RecommendationLogStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;

/**
 * Writes one group of events: skips event ids already stored, gives events their sessions,
 * inserts them, updates the users' profiles and attributes clicks to served lists. Either all of
 * it is committed or none of it.
 * <p>On PostgreSQL a large group is split by user into parts written in parallel, each in its own
 * transaction on its own connection (one backend, one core, each); the parts commit only once all
 * of them are written. Each transaction holds its users (advisory locks) so that writers of
 * several instances never update one profile at once.
 * <p>A click naming a list that does not hold its item is counted as unattributed; one naming a
 * list that is not logged yet (served by another instance a moment ago) is looked for again.
 */
public final class EventWriter implements GroupWriter, AutoCloseable {
    /** The first attempt, which does not look for stored ids, and up to three that do. */
    private static final int MAX_ATTEMPTS = 4;
    /** How long a click naming a list nobody has logged yet is looked for again (another instance logs it). */
    private static final long UNKNOWN_LIST_PATIENCE_MILLIS = 10_000;
    private static final long RETRY_EVERY_MILLIS = 250;
    /**
     * Smaller groups are written in one transaction: each part costs its own statements and commit,
     * and the parts wait for each other, so splitting a group of single events (tens at a time)
     * lowered their rate to a third; a batch request alone is larger.
     */
    private static final int MIN_EVENTS_TO_SPLIT = 400;
    /** How long the parts of a group wait for each other before they give up and roll back. */
    private static final long BARRIER_PATIENCE_MILLIS = 30_000;

    private final Database db;
    private final EventLog events;
    private final ProfileStore profiles;
    private final RecommendationLogStore logs;
    private final CatalogService catalog;
    private final ProfileAggregator aggregator;
    private final Sessions sessions;
    private final long clickWindowMillis;
    private final LongConsumer unattributedClicks;
    private final int partitions;
    private volatile ExecutorService partWriters;
    /** PostgreSQL: the profiles written last, so that they need not be read back; null where off. */
    private final ProfileCache profileCache;
    /** Clicks whose named list was not logged when they were stored, with when to give up; the writer's thread only. */
    private final List<PendingClick> pending = new ArrayList<>();
    private long nextRetry;

    /**
     * @param unattributedClicks told, after each commit, how many clicks named a list that did not hold their item
     * @param partitions         how many transactions one group is spread over (by user) once started
     * @param profilesKept       on PostgreSQL, how many users' profiles are kept as written, so that their
     *                           next events need not read them (each is written over the row's version it
     *                           was computed from, and read again if another writer changed it); 0 for none
     */
    public EventWriter(Database db, EventLog events, ProfileStore profiles, RecommendationLogStore logs,
                       CatalogService catalog, ProfileAggregator aggregator, Sessions sessions, long clickWindowMillis,
                       LongConsumer unattributedClicks, int partitions, int profilesKept) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (profilesKept < 0) {
            throw new IllegalArgumentException("profilesKept must not be negative, got " + profilesKept);
        }
        this.profileCache = profilesKept > 0 && db.dialect() == Dialect.POSTGRESQL ? new ProfileCache(profilesKept) : null;
        this.partitions = partitions;
        this.unattributedClicks = unattributedClicks;
        this.db = db;
        this.events = events;
        this.profiles = profiles;
        this.logs = logs;
        this.catalog = catalog;
        this.aggregator = aggregator;
        this.sessions = sessions;
        this.clickWindowMillis = clickWindowMillis;
    }

    @Override
    public List<Event> write(List<Event> group, long receivedAt) {
        return writeGroup(group, receivedAt).stored();
    }

    /**
     * Starts the threads that write a group's parts in parallel ({@code partitions} - 1 of them;
     * this writer's caller runs one part itself). Until then, and with one partition, a group is
     * written in one transaction.
     */
    public void start(ThreadFactory threads) {
        if (partitions > 1) {
            partWriters = Executors.newFixedThreadPool(partitions - 1, threads);
        }
    }

    @Override
    public void close() {
        ExecutorService pool = partWriters;
        if (pool != null) {
            pool.shutdown();
        }
    }

    /**
     * The first attempt does not look for stored ids: it inserts, and when an id was stored already
     * (a client's retry, a redelivery) the insert fails, the transaction rolls back and the group is
     * written again, this time looking first. So a group without a stored id, nearly
     * every one, costs one statement less, and one with such an id is written twice.
     */
    @Override
    public Outcome writeGroup(List<Event> group, long receivedAt) {
        List<int[]> parts = partition(group);
        boolean look = false;
        for (int attempt = 1; ; attempt++) {
            try {
                List<Written> written;
                if (parts.size() == 1) {
                    written = List.of(writeAlone(group, receivedAt, look));
                } else {
                    written = writeParts(group, parts, receivedAt, look);
                }
                return merge(group.size(), parts, written);
            } catch (StaleProfiles stale) {
                // Another writer changed some of these users' profiles since this one kept them: they were
                // forgotten, and the group is written again from the stored rows.
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("Profiles kept changing under the writer", stale);
                }
            } catch (ConcurrentInsert | RetryableConflict raced) {
                // One of these ids was stored (before, or by another instance between our check and our
                // insert), or two instances waited on each other's users: redo the whole group, looking.
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("Event ids kept colliding with concurrent writers", raced);
                }
                if (look || raced instanceof RetryableConflict) {
                    pauseBeforeRedo(attempt);
                }
                look = true;
            }
        }
    }

    /**
     * Which events go to which transaction: each user's events to one part (so a user's profile and
     * sessions are written by one transaction), and every copy of one event id to the part of its
     * first copy (so no two parts of a group insert one id and wait on each other).
     */
    private List<int[]> partition(List<Event> group) {
        ExecutorService pool = partWriters;
        if (pool == null || group.size() < MIN_EVENTS_TO_SPLIT) {
            return List.of(range(group.size()));
        }
        Map<String, Integer> partOfId = new HashMap<>();
        int[] partOf = new int[group.size()];
        int[] sizes = new int[partitions];
        for (int i = 0; i < group.size(); i++) {
            Event e = group.get(i);
            int part = partOfId.computeIfAbsent(e.eventId(), id -> UserLocks.partOf(e.userId(), partitions));
            partOf[i] = part;
            sizes[part]++;
        }
        List<int[]> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (sizes[p] == 0) {
                continue;
            }
            int[] members = new int[sizes[p]];
            int k = 0;
            for (int i = 0; i < partOf.length; i++) {
                if (partOf[i] == p) {
                    members[k++] = i;
                }
            }
            parts.add(members);
        }
        return parts;
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * Writes each part in a transaction of its own, in parallel, and commits them only when every
     * part has been written: if any part fails before that, every part rolls back and nothing of
     * the group is stored. A commit that fails after the others succeeded is written again on its
     * own (the events are idempotent through their ids).
     */
    private List<Written> writeParts(List<Event> group, List<int[]> parts, long receivedAt, boolean look) {
        CommitBarrier barrier = new CommitBarrier(parts.size(), BARRIER_PATIENCE_MILLIS);
        List<Future<Written>> running = new ArrayList<>(parts.size());
        for (int p = 1; p < parts.size(); p++) {
            List<Event> events = pick(group, parts.get(p));
            int turn = p;
            running.add(partWriters.submit(() -> writePart(events, receivedAt, barrier, turn, look)));
        }
        Written first = null;
        RuntimeException failure = null;
        try {
            first = writePart(pick(group, parts.get(0)), receivedAt, barrier, 0, look);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Written> written = new ArrayList<>(parts.size());
        written.add(first);
        for (int p = 1; p < parts.size(); p++) {
            try {
                written.add(running.get(p - 1).get());
            } catch (ExecutionException e) {
                written.add(null);
                failure = moreTelling(failure, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while writing events", e);
            }
        }
        if (failure == null) {
            return written;
        }
        if (!barrier.passed()) {
            throw failure; // every part rolled back
        }
        // Some commits succeeded and at least one failed: write the failed parts again.
        for (int p = 0; p < parts.size(); p++) {
            if (written.get(p) == null) {
                List<Event> events = pick(group, parts.get(p));
                written.set(p, kept(db.inTransaction(c -> writeOnce(c, events, receivedAt, UserLocks.Turn.ANY, true))));
            }
        }
        return written;
    }

    private Written writeAlone(List<Event> group, long receivedAt, boolean look) {
        try {
            return kept(db.inTransaction(c -> writeOnce(c, group, receivedAt, UserLocks.Turn.ANY, look)));
        } catch (RuntimeException e) {
            throw retryable(e);
        }
    }

    private Written writePart(List<Event> events, long receivedAt, CommitBarrier barrier, int turn, boolean look) {
        try {
            return kept(db.inTransaction(c -> {
                Written w = writeOnce(c, events, receivedAt, barrier.turn(turn), look);
                barrier.arrive();
                return w;
            }));
        } catch (RuntimeException e) {
            barrier.fail();
            throw retryable(e);
        }
    }

    /** Users whose profiles are kept now (0 where none are kept). */
    public int profilesKept() {
        return profileCache == null ? 0 : profileCache.size();
    }

    /** Users of written groups whose profile was kept, since the start. */
    public long profilesFoundKept() {
        return profileCache == null ? 0 : profileCache.hits();
    }

    /** Users of written groups whose profile was read from the database while profiles are kept, since the start. */
    public long profilesReadBack() {
        return profileCache == null ? 0 : profileCache.misses();
    }

    /** Keeps the profiles a transaction wrote, once it has committed. */
    private Written kept(Written committed) {
        if (profileCache != null && !committed.profiles().isEmpty()) {
            profileCache.putAll(committed.profiles());
        }
        return committed;
    }

    /** The failure that says most about why a group was not stored: a real cause over "another part failed". */
    private static RuntimeException moreTelling(RuntimeException known, Throwable next) {
        RuntimeException e = next instanceof RuntimeException r ? r : new IllegalStateException(next);
        if (known == null || known instanceof CommitBarrier.Aborted) {
            return e;
        }
        if (e instanceof ConcurrentInsert || e instanceof RetryableConflict) {
            return known instanceof ConcurrentInsert || known instanceof RetryableConflict ? known : e;
        }
        return known;
    }

    /** A deadlock or a lock wait that timed out (two instances writing the same users) is redone, not reported. */
    private static RuntimeException retryable(RuntimeException e) {
        if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("55P03"))) {
            return new RetryableConflict(e);
        }
        return e;
    }

    private static void pauseBeforeRedo(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Event> pick(List<Event> group, int[] members) {
        List<Event> events = new ArrayList<>(members.length);
        for (int i : members) {
            events.add(group.get(i));
        }
        return events;
    }

    /** One outcome for the group, in its order, from the outcomes of its parts. */
    private Outcome merge(int size, List<int[]> parts, List<Written> written) {
        List<Event> stored = new ArrayList<>(java.util.Collections.nCopies(size, (Event) null));
        long[] rowIds = new long[size];
        Set<Integer> conflicts = new HashSet<>();
        int unattributed = 0;
        long giveUp = System.currentTimeMillis() + UNKNOWN_LIST_PATIENCE_MILLIS;
        List<PendingClick> unknown = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            int[] members = parts.get(p);
            Written w = written.get(p);
            for (int k = 0; k < members.length; k++) {
                stored.set(members[k], w.stored().get(k));
                rowIds[members[k]] = w.rowIds()[k];
                if (w.conflicts().contains(k)) {
                    conflicts.add(members[k]);
                }
            }
            unattributed += w.attribution().unattributed();
            w.attribution().unknownLists().forEach(click -> unknown.add(new PendingClick(click, giveUp)));
        }
        if (unattributed > 0) {
            unattributedClicks.accept(unattributed);
        }
        pending.addAll(unknown); // the pipeline's thread only, like idle()
        return new Outcome(stored, conflicts, rowIds);
    }

    private record PendingClick(RecommendationLogStore.Click click, long giveUpAt) {
    }

    /**
     * Between groups: clicks that named a list no instance had logged yet are attributed once it
     * is there (a list served by another instance is logged by that instance, a moment later);
     * after a while they count as unattributed.
     */
    @Override
    public void idle() {
        long now = System.currentTimeMillis();
        if (pending.isEmpty() || now < nextRetry) {
            return;
        }
        nextRetry = now + RETRY_EVERY_MILLIS;
        List<RecommendationLogStore.Click> clicks = pending.stream().map(PendingClick::click).toList();
        RecommendationLogStore.Attribution again;
        try {
            again = db.inTransaction(c -> logs.attribute(c, clicks));
        } catch (RuntimeException e) {
            return; // the database is away: tried again later, within the patience
        }
        Set<RecommendationLogStore.Click> stillUnknown = new HashSet<>(again.unknownLists());
        int unattributed = again.unattributed();
        List<PendingClick> keep = new ArrayList<>();
        for (PendingClick p : pending) {
            if (stillUnknown.contains(p.click())) {
                if (p.giveUpAt() > now) {
                    keep.add(p);
                } else {
                    unattributed++;
                }
            }
        }
        pending.clear();
        pending.addAll(keep);
        if (unattributed > 0) {
            unattributedClicks.accept(unattributed);
        }
    }

    private static boolean isClick(Event e) {
        return e.type() == EventType.CLICK || e.type() == EventType.PURCHASE;
    }

    /**
     * @param rowIds   the row id of each stored event, by position in the group (0 for a duplicate)
     * @param profiles the profiles written, with their rows' new versions (when profiles are kept)
     */
    private record Written(List<Event> stored, long[] rowIds, RecommendationLogStore.Attribution attribution,
                           Set<Integer> conflicts, List<ProfileStore.Versioned> profiles) {
    }

    /**
     * @param lockTurn when this transaction may take its users' locks (parts of one group take them in order)
     * @param look     whether to look for ids stored already; when not, the insert meeting one throws
     *                 {@link ConcurrentInsert} and the transaction is redone looking
     */
    private Written writeOnce(Connection c, List<Event> group, long receivedAt, UserLocks.Turn lockTurn, boolean look)
            throws SQLException {
        // Users first: a concurrent writer of the same users (another instance sent the same batch)
        // finishes before this one looks for already stored ids.
        lockTurn.await();
        events.lockUsers(c, UserLocks.keysInOrder(group.stream().map(Event::userId).toList()));
        lockTurn.done();
        Map<String, String> seen = look
                ? new HashMap<>(events.existingEvents(c, group.stream().map(Event::eventId).toList()))
                : new HashMap<>();
        List<Event> stored = new ArrayList<>(group.size());
        List<Event> fresh = new ArrayList<>();
        Set<String> users = new HashSet<>();
        Set<Integer> conflicts = new HashSet<>();
        for (int i = 0; i < group.size(); i++) {
            Event e = group.get(i);
            String content = EventLog.content(e);
            String before = seen.putIfAbsent(e.eventId(), content);
            boolean isNew = before == null;
            stored.add(isNew ? e : null);
            if (isNew) {
                fresh.add(e);
                users.add(e.userId());
            } else if (!before.equals(content)) {
                conflicts.add(i);
            }
        }
        if (fresh.isEmpty()) {
            return new Written(stored, new long[group.size()], new RecommendationLogStore.Attribution(0, List.of()),
                    conflicts, List.of());
        }
        Map<String, String> versions = new HashMap<>();
        Map<String, UserProfile> state = profileCache == null ? new HashMap<>(profiles.load(c, users))
                : keptOrStored(c, users, versions);
        Map<String, Set<String>> newSessions = new HashMap<>();
        List<Event> withSessions = new ArrayList<>(fresh.size());
        for (Event e : fresh) {
            UserProfile before = state.getOrDefault(e.userId(), UserProfile.empty(e.userId()));
            boolean late = e.sessionId() == null && Sessions.isLate(e, before);
            String session = late ? lateSession(c, e, withSessions) : sessions.sessionOf(e, before);
            Event placed = e.withSessionId(session);
            // A session opened here for an event in time order is new, with no need to look: its id
            // holds the event's time, and the ids opened for the user's stored events hold earlier
            // times (only a client that sent such an id itself could have stored it).
            boolean openedHere = e.sessionId() == null && !late;
            boolean newSession = isNewSession(c, before, placed, newSessions, openedHere);
            state.put(e.userId(), aggregator.apply(before, placed, catalog.current().genresOf(e.itemId()), newSession));
            withSessions.add(placed);
        }
        long[] inserted;
        try {
            inserted = events.insert(c, withSessions, receivedAt);
        } catch (EventLog.IdTaken taken) {
            throw new ConcurrentInsert();
        }
        Map<String, UserProfile> changed = new LinkedHashMap<>();
        for (String user : users) {
            changed.put(user, state.get(user));
        }
        List<ProfileStore.Versioned> written = List.of();
        if (profileCache == null) {
            profiles.upsert(c, changed.values(), receivedAt);
        } else {
            written = writeOver(c, changed, versions, receivedAt);
        }
        RecommendationLogStore.Attribution attribution = attributeClicks(c, withSessions, receivedAt);
        long[] rowIds = new long[group.size()];
        int k = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i) != null) {
                rowIds[i] = inserted[k];
                stored.set(i, withSessions.get(k++));
            }
        }
        return new Written(stored, rowIds, attribution, conflicts, written);
    }

    /**
     * These users' profiles as kept, or as stored for those not kept; {@code versions} receives the
     * version of each user's row (absent: the user has none).
     */
    private Map<String, UserProfile> keptOrStored(Connection c, Set<String> users, Map<String, String> versions)
            throws SQLException {
        Map<String, ProfileStore.Versioned> found = new HashMap<>(users.size() * 2);
        profileCache.get(users, found);
        if (found.size() < users.size()) {
            List<String> missing = new ArrayList<>(users.size() - found.size());
            for (String user : users) {
                if (!found.containsKey(user)) {
                    missing.add(user);
                }
            }
            found.putAll(profiles.loadVersioned(c, missing));
        }
        Map<String, UserProfile> state = new HashMap<>(found.size() * 2);
        found.forEach((user, v) -> {
            state.put(user, v.profile());
            versions.put(user, v.version());
        });
        return state;
    }

    /**
     * Writes the profiles over the versions they were computed from; if any row had changed, forgets
     * those users and throws {@link StaleProfiles}, which rolls the transaction back.
     */
    private List<ProfileStore.Versioned> writeOver(Connection c, Map<String, UserProfile> changed,
                                                   Map<String, String> versions, long receivedAt) throws SQLException {
        Map<String, String> now = profiles.writeOver(c, changed.values(), versions, receivedAt);
        if (now.size() < changed.size()) {
            List<String> stale = new ArrayList<>();
            for (String user : changed.keySet()) {
                if (!now.containsKey(user)) {
                    stale.add(user);
                }
            }
            profileCache.forget(stale);
            throw new StaleProfiles();
        }
        List<ProfileStore.Versioned> written = new ArrayList<>(changed.size());
        changed.forEach((user, profile) -> written.add(new ProfileStore.Versioned(profile, now.get(user))));
        return written;
    }

    /**
     * A late event joins the session of the user's event nearest to it in time (stored, or earlier
     * in this group) when one lies within the gap; otherwise it opens a session of its own.
     */
    private String lateSession(Connection c, Event e, List<Event> placedInGroup) throws SQLException {
        long gap = sessions.gapMillis();
        String best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Event p : placedInGroup) {
            long distance = Math.abs(p.timestamp() - e.timestamp());
            if (p.userId().equals(e.userId()) && distance <= gap && distance < bestDistance) {
                best = p.sessionId();
                bestDistance = distance;
            }
        }
        String stored = best == null ? events.nearestSession(c, e.userId(), e.timestamp(), gap) : best;
        return stored != null ? stored : Sessions.newSessionId(e);
    }

    /**
     * @param openedHere the writer gave the event its session, in time order: a session other than
     *                   the user's last one is then new without asking the database
     */
    private boolean isNewSession(Connection c, UserProfile before, Event e, Map<String, Set<String>> newSessions,
                                 boolean openedHere) throws SQLException {
        String session = e.sessionId();
        if (session.equals(before.lastSessionId())) {
            return false;
        }
        Set<String> opened = newSessions.computeIfAbsent(e.userId(), u -> new HashSet<>());
        if (opened.contains(session)) {
            return false;
        }
        boolean known = !openedHere && before.totalInteractions() > 0 && events.sessionExists(c, e.userId(), session);
        if (!known) {
            opened.add(session);
        }
        return !known;
    }

    /**
     * Marks the served lists these clicks and purchases came from (a purchase also marks its list item
     * bought); returns how many named a list that did not hold their item.
     */
    private RecommendationLogStore.Attribution attributeClicks(Connection c, List<Event> stored, long receivedAt)
            throws SQLException {
        List<RecommendationLogStore.Click> clicks = new ArrayList<>();
        for (Event e : stored) {
            if (isClick(e)) {
                clicks.add(new RecommendationLogStore.Click(e.recommendationId(), e.userId(), e.itemId(),
                        e.timestamp() - clickWindowMillis, Math.max(e.timestamp(), receivedAt), e.timestamp(),
                        e.type() == EventType.PURCHASE));
            }
        }
        return logs.attribute(c, clicks);
    }

    /** Signals that a profile's row had changed since the writer kept it; the group is written again. */
    private static final class StaleProfiles extends RuntimeException {
        StaleProfiles() {
            super("a kept profile had changed in the database", null, false, false);
        }
    }

    /** Signals a deadlock or a timed-out lock wait with another instance's writer; the group is redone. */
    private static final class RetryableConflict extends RuntimeException {
        RetryableConflict(Throwable cause) {
            super("a lock wait with a concurrent writer failed", cause, false, false);
        }
    }

    /** Signals that an insert met an id stored already (not looked for first, or stored meanwhile by another writer); the transaction is redone. */
    private static final class ConcurrentInsert extends RuntimeException {
        ConcurrentInsert() {
            super("concurrent insert of the same event id", null, false, false);
        }
    }
}
