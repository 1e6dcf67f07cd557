package dev.brisk.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The event id of an imported event that brings none, derived from what the event says (user,
 * item, type, time): importing the same file again, or the rest of it after an interruption,
 * finds the ids already stored and stores nothing twice.
 */
public final class DerivedEventIds {
    /** Marks derived ids, so that they never meet an application's own. */
    public static final String PREFIX = "imp-";

    private DerivedEventIds() {
    }

    /** {@code imp-} and 32 hex digits of SHA-256 over user, item, type and timestamp. */
    public static String of(String userId, String itemId, EventType type, long timestamp) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        // NUL cannot occur in an id, so the parts cannot run into each other.
        String content = userId + '\0' + itemId + '\0' + type.wireName() + '\0' + timestamp;
        byte[] digest = sha.digest(content.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The event itself when it has an id, else the event with its derived id. */
    public static Event identified(Event event) {
        return event.eventId() != null ? event
                : event.withEventId(of(event.userId(), event.itemId(), event.type(), event.timestamp()));
    }
}
