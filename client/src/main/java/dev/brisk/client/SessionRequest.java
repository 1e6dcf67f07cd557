package dev.brisk.client;

import java.util.List;

/**
 * Recommendations for a visitor Brisk does not know, from what they did in this session (nothing
 * is stored). Null fields are left to the service's defaults.
 */
public record SessionRequest(List<SessionInteraction> interactions, Integer n, String model, String genre,
                             List<String> exclude, Boolean excludeSeen) {

    public SessionRequest {
        interactions = List.copyOf(interactions);
        exclude = exclude == null ? null : List.copyOf(exclude);
    }

    public static SessionRequest of(List<SessionInteraction> interactions) {
        return new SessionRequest(interactions, null, null, null, null, null);
    }

    public SessionRequest n(int value) {
        return new SessionRequest(interactions, value, model, genre, exclude, excludeSeen);
    }

    public SessionRequest model(String value) {
        return new SessionRequest(interactions, n, value, genre, exclude, excludeSeen);
    }

    public SessionRequest genre(String value) {
        return new SessionRequest(interactions, n, model, value, exclude, excludeSeen);
    }

    public SessionRequest exclude(List<String> itemIds) {
        return new SessionRequest(interactions, n, model, genre, itemIds, excludeSeen);
    }

    public SessionRequest excludeSeen(boolean value) {
        return new SessionRequest(interactions, n, model, genre, exclude, value);
    }
}
