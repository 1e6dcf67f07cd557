package dev.brisk.server.ingest;

import java.util.List;

/**
 * What became of one submission: how many events were stored and how many were retries, and the
 * positions (in the submission) of duplicates whose content differs from the event stored under
 * their id — kept as stored, reported as conflicts.
 */
public record IngestResult(int accepted, int duplicates, List<String> eventIds, List<Integer> conflicts) {
}
