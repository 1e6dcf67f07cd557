package dev.brisk.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void idsAreVersion7UuidsCarryingTheTimeAndSortByIt() {
        long before = System.currentTimeMillis();
        String id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();
        UUID uuid = UUID.fromString(id);
        assertEquals(id, uuid.toString(), "the canonical lower-case form");
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant());
        long millis = uuid.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, "carries the time it was made: " + millis);

        String earlier = TimeOrderedIds.next();
        long waitUntil = System.currentTimeMillis() + 2;
        while (System.currentTimeMillis() < waitUntil) {
            Thread.onSpinWait();
        }
        String later = TimeOrderedIds.next();
        assertTrue(earlier.compareTo(later) < 0, earlier + " sorts before " + later);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(seen.add(TimeOrderedIds.next()));
        }
    }
}
