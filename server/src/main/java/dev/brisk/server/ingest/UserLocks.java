package dev.brisk.server.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The keys by which event writers hold users while they rewrite their profiles, and the one order
 * in which every writer takes them. A user's key is a 63-bit hash of the id, the same in every
 * instance; a group split into parts gives each part a range of keys, and the parts take their
 * locks one after another in key order, so every writer of every instance takes its locks in
 * ascending key order and no two can wait on each other in a circle.
 */
final class UserLocks {
    private UserLocks() {
    }

    /** When a transaction may take its locks, and telling that it has. */
    interface Turn {
        /** A lone transaction: takes its locks at once. */
        Turn ANY = new Turn() {
            @Override
            public void await() {
            }

            @Override
            public void done() {
            }
        };

        void await();

        void done();
    }

    /** FNV-1a over the id's UTF-8 bytes, without the sign bit. */
    static long keyOf(String userId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash & Long.MAX_VALUE;
    }

    /** Which of {@code parts} key ranges (ascending) the user's key falls in. */
    static int partOf(String userId, int parts) {
        return (int) (((keyOf(userId) >>> 31) * parts) >>> 32);
    }

    /** The distinct keys of these users, ascending. */
    static long[] keysInOrder(Collection<String> userIds) {
        return userIds.stream().mapToLong(UserLocks::keyOf).distinct().sorted().toArray();
    }
}
