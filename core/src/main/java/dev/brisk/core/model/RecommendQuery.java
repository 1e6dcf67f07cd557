package dev.brisk.core.model;

import dev.brisk.core.event.Event;
import java.util.List;

/**
 * What a model needs to score one user: their current history (newest first, including events
 * acknowledged a moment ago), how many items to return, an optional genre and the filter that
 * every returned item must pass.
 */
public record RecommendQuery(String userId, List<Event> history, int n, String genre, CandidateFilter filter) {

    public RecommendQuery {
        history = history == null ? List.of() : history;
        filter = filter == null ? CandidateFilter.ANY : filter;
    }

    public boolean hasGenre() {
        return genre != null && !genre.isBlank();
    }
}
