package dev.brisk.core.model;

/** Decides whether an item may appear in a list (not seen, not excluded, active, in the genre...). */
@FunctionalInterface
public interface CandidateFilter {
    CandidateFilter ANY = itemId -> true;

    boolean accepts(String itemId);

    default CandidateFilter and(CandidateFilter other) {
        return itemId -> accepts(itemId) && other.accepts(itemId);
    }
}
