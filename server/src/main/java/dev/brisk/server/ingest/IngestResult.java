package dev.brisk.server.ingest;

import java.util.List;

/** What became of one submission: how many events were stored and how many were retries. */
public record IngestResult(int accepted, int duplicates, List<String> eventIds) {
}
