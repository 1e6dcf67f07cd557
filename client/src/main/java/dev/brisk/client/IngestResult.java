package dev.brisk.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What the service did with events once they were durably stored: how many were new, how many
 * were duplicates of stored ones (same {@code event_id}: a retried request lands here), which were
 * rejected and why. {@code eventId} is set for a single event only.
 */
public record IngestResult(String status, int accepted, int duplicates, List<EventRejection> rejected,
                           List<EventConflict> conflicts, String eventId) {

    public IngestResult {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    /** Nothing sent yet. */
    public static IngestResult empty() {
        return new IngestResult("success", 0, 0, List.of(), List.of(), null);
    }

    /**
     * This result followed by the result of the next chunk of a stream, whose indexes start at
     * {@code offset} in the whole stream.
     */
    IngestResult plus(IngestResult next, int offset) {
        List<EventRejection> allRejected = new ArrayList<>(rejected);
        next.rejected.forEach(r -> allRejected.add(new EventRejection(r.index() + offset, r.reason(), r.problems())));
        List<EventConflict> allConflicts = new ArrayList<>(conflicts);
        next.conflicts.forEach(c -> allConflicts.add(new EventConflict(c.index() + offset, c.eventId(), c.reason())));
        return new IngestResult(allRejected.isEmpty() ? "success" : "partial", accepted + next.accepted,
                duplicates + next.duplicates, allRejected, allConflicts, null);
    }
}
