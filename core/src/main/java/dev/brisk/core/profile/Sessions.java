package dev.brisk.core.profile;

import dev.brisk.core.event.Event;

/**
 * Gives events without a session id one: an event within the inactivity gap of the user's latest
 * event continues that session, otherwise it opens a new one.
 */
public final class Sessions {
    private final long gapMillis;

    public Sessions(long gapMillis) {
        this.gapMillis = gapMillis;
    }

    public long gapMillis() {
        return gapMillis;
    }

    /** Whether the event happened before the user's latest known event (it arrived late). */
    public static boolean isLate(Event event, UserProfile before) {
        return before.totalInteractions() > 0 && event.timestamp() < before.lastInteraction();
    }

    /** A new session id for an event that continues none. */
    public static String newSessionId(Event event) {
        return "s-" + Long.toString(event.timestamp(), 36) + "-" + Integer.toHexString(event.userId().hashCode());
    }

    /** The session id the event belongs to, given the user's profile before it (for events in time order). */
    public String sessionOf(Event event, UserProfile before) {
        if (event.sessionId() != null) {
            return event.sessionId();
        }
        if (before.lastSessionId() != null && Math.abs(event.timestamp() - before.lastInteraction()) <= gapMillis) {
            return before.lastSessionId();
        }
        return newSessionId(event);
    }
}
