package dev.brisk.server.ingest;

import dev.brisk.server.store.ProfileStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The profiles this instance's writer wrote last, each with the version of the row it wrote
 * ({@link ProfileStore.Versioned}), so that a user's next events are folded into their profile
 * without reading it back. Nothing here is trusted: each profile is written over the version it
 * was computed from, and a row changed meanwhile (by another instance's writer, an erasure) is
 * read again. Bounded: the least recently used entry goes first. Shared by the parts of a group,
 * which hold different users.
 */
final class ProfileCache {
    private final int capacity;
    private final LinkedHashMap<String, ProfileStore.Versioned> entries;
    private long hits;
    private long misses;

    ProfileCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ProfileStore.Versioned> eldest) {
                return size() > ProfileCache.this.capacity;
            }
        };
    }

    /** The profiles held for these users (users without one are absent from {@code into}). */
    synchronized void get(Collection<String> users, Map<String, ProfileStore.Versioned> into) {
        for (String user : users) {
            ProfileStore.Versioned v = entries.get(user);
            if (v != null) {
                into.put(user, v);
                hits++;
            } else {
                misses++;
            }
        }
    }

    /** Profiles as just committed, with their rows' new versions. */
    synchronized void putAll(Collection<ProfileStore.Versioned> committed) {
        for (ProfileStore.Versioned v : committed) {
            entries.put(v.profile().userId(), v);
        }
    }

    synchronized void forget(Collection<String> users) {
        entries.keySet().removeAll(users);
    }

    synchronized int size() {
        return entries.size();
    }

    /** Users found here, since the start. */
    synchronized long hits() {
        return hits;
    }

    /** Users not found here (read from the database), since the start. */
    synchronized long misses() {
        return misses;
    }
}
