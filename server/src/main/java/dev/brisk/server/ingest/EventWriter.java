package dev.brisk.server.ingest;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.core.profile.UserProfile;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.Database;
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
import java.util.function.LongConsumer;

/**
 * Writes one group of events in one transaction: skips event ids already stored, gives events
 * their sessions, inserts them, updates the users' profiles and attributes clicks to served
 * lists. Either all of it is committed or none of it.
 * <p>Served lists are logged asynchronously, so a click may come before its list is stored: before
 * its transaction the writer waits (bounded) until every list the group's clicks name, and every
 * list served to a user who clicked without naming one, has been logged. A click naming a list
 * that does not hold its item is counted as unattributed.
 */
public final class EventWriter implements GroupWriter {
    private static final int MAX_ATTEMPTS = 3;
    /** How long a click naming a list nobody has logged yet is looked for again (another instance logs it). */
    private static final long UNKNOWN_LIST_PATIENCE_MILLIS = 10_000;
    private static final long RETRY_EVERY_MILLIS = 250;

    private final Database db;
    private final EventLog events;
    private final ProfileStore profiles;
    private final RecommendationLogStore logs;
    private final CatalogService catalog;
    private final ProfileAggregator aggregator;
    private final Sessions sessions;
    private final long clickWindowMillis;
    private final LongConsumer unattributedClicks;
    /** Clicks whose named list was not logged when they were stored, with when to give up; the writer's thread only. */
    private final List<PendingClick> pending = new ArrayList<>();
    private long nextRetry;

    /**
     * @param unattributedClicks told, after each commit, how many clicks named a list that did not hold their item
     */
    public EventWriter(Database db, EventLog events, ProfileStore profiles, RecommendationLogStore logs,
                       CatalogService catalog, ProfileAggregator aggregator, Sessions sessions, long clickWindowMillis,
                       LongConsumer unattributedClicks) {
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

    @Override
    public Outcome writeGroup(List<Event> group, long receivedAt) {
        for (int attempt = 1; ; attempt++) {
            try {
                Written written = db.inTransaction(c -> writeOnce(c, group, receivedAt));
                if (written.attribution().unattributed() > 0) {
                    unattributedClicks.accept(written.attribution().unattributed());
                }
                long giveUp = System.currentTimeMillis() + UNKNOWN_LIST_PATIENCE_MILLIS;
                written.attribution().unknownLists().forEach(click -> pending.add(new PendingClick(click, giveUp)));
                return new Outcome(written.stored(), written.conflicts());
            } catch (ConcurrentInsert raced) {
                // Another instance stored one of these ids between our check and our insert: redo.
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("Event ids kept colliding with concurrent writers", raced);
                }
            }
        }
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

    private record Written(List<Event> stored, RecommendationLogStore.Attribution attribution, Set<Integer> conflicts) {
    }

    private Written writeOnce(Connection c, List<Event> group, long receivedAt) throws SQLException {
        Map<String, String> seen = new HashMap<>(events.existingEvents(c, group.stream().map(Event::eventId).toList()));
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
            return new Written(stored, new RecommendationLogStore.Attribution(0, List.of()), conflicts);
        }
        Map<String, UserProfile> state = new HashMap<>(profiles.load(c, users));
        Map<String, Set<String>> newSessions = new HashMap<>();
        List<Event> withSessions = new ArrayList<>(fresh.size());
        for (Event e : fresh) {
            UserProfile before = state.getOrDefault(e.userId(), UserProfile.empty(e.userId()));
            String session = e.sessionId() == null && Sessions.isLate(e, before)
                    ? lateSession(c, e, withSessions)
                    : sessions.sessionOf(e, before);
            Event placed = e.withSessionId(session);
            boolean newSession = isNewSession(c, before, placed, newSessions);
            state.put(e.userId(), aggregator.apply(before, placed, catalog.current().genresOf(e.itemId()), newSession));
            withSessions.add(placed);
        }
        boolean[] inserted = events.insert(c, withSessions, receivedAt);
        for (boolean ok : inserted) {
            if (!ok) {
                throw new ConcurrentInsert();
            }
        }
        Map<String, UserProfile> changed = new LinkedHashMap<>();
        for (String user : users) {
            changed.put(user, state.get(user));
        }
        profiles.upsert(c, changed.values(), receivedAt);
        RecommendationLogStore.Attribution attribution = attributeClicks(c, withSessions, receivedAt);
        int k = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i) != null) {
                stored.set(i, withSessions.get(k++));
            }
        }
        return new Written(stored, attribution, conflicts);
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

    private boolean isNewSession(Connection c, UserProfile before, Event e, Map<String, Set<String>> newSessions)
            throws SQLException {
        String session = e.sessionId();
        if (session.equals(before.lastSessionId())) {
            return false;
        }
        Set<String> opened = newSessions.computeIfAbsent(e.userId(), u -> new HashSet<>());
        if (opened.contains(session)) {
            return false;
        }
        boolean known = before.totalInteractions() > 0 && events.sessionExists(c, e.userId(), session);
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

    /** Signals that an insert met an id stored by a concurrent writer; the transaction is redone. */
    private static final class ConcurrentInsert extends RuntimeException {
        ConcurrentInsert() {
            super("concurrent insert of the same event id", null, false, false);
        }
    }
}
