package dev.brisk.core.model;

import java.util.List;

/**
 * Why an item was recommended: a kind ("popular", "because_you", "genre", ...), a sentence for a
 * person, and the items of the user's history that led to it (empty when none did).
 */
public record Explanation(String kind, String text, List<String> becauseOf) {

    public Explanation {
        becauseOf = becauseOf == null ? List.of() : List.copyOf(becauseOf);
    }

    public static Explanation of(String kind, String text) {
        return new Explanation(kind, text, List.of());
    }
}
