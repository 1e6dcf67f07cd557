package dev.brisk.core.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of user interaction Brisk accepts, each with its default weight as implicit feedback. */
public enum EventType {
    VIEW("view", 1.0),
    CLICK("click", 2.0),
    RATING("rating", 1.0),
    PURCHASE("purchase", 5.0),
    ADD_TO_CART("add_to_cart", 3.0),
    LIKE("like", 4.0),
    DISLIKE("dislike", -4.0),
    IMPRESSION("impression", 0.0);

    private final String wireName;
    private final double defaultWeight;

    EventType(String wireName, double defaultWeight) {
        this.wireName = wireName;
        this.defaultWeight = defaultWeight;
    }

    /** The lower-case name used on the wire and in storage. */
    public String wireName() {
        return wireName;
    }

    /** The default implicit-feedback weight; for ratings, the scale of (rating − 2.5). */
    public double defaultWeight() {
        return defaultWeight;
    }

    /** Impressions say an item was shown, not that it was wanted. */
    public boolean isPreference() {
        return this != IMPRESSION;
    }

    public static Optional<EventType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.wireName.equals(normalized)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(EventType::wireName).toList());
    }
}
