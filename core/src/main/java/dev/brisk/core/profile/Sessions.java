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

    /** The session id the event belongs to, given the user's profile before it. */
    public String sessionOf(Event event, UserProfile before) {
        if (event.sessionId() != null) {
            return event.sessionId();
        }
        if (before.lastSessionId() != null && Math.abs(event.timestamp() - before.lastInteraction()) <= gapMillis) {
            return before.lastSessionId();
        }
        return "s-" + Long.toString(event.timestamp(), 36) + "-" + Integer.toHexString(event.userId().hashCode());
    }
}
