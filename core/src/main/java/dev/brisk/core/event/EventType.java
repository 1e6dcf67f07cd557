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

    /** The replaced system's name for a rating event. */
    private static final String SEED_RATING = "rate";

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

    /** The name the replaced system used for this type: {@code rate} for a rating, else the wire name. */
    public String seedName() {
        return this == RATING ? SEED_RATING : wireName;
    }

    /** The default implicit-feedback weight; for ratings, the scale of (rating − 2.5). */
    public double defaultWeight() {
        return defaultWeight;
    }

    /** Impressions say an item was shown, not that it was wanted. */
    public boolean isPreference() {
        return this != IMPRESSION;
    }

    /**
     * The type of a wire name, matched case-insensitively. {@code rate} is accepted for
     * {@link #RATING}: it is the name used by the system Brisk replaces, whose clients still send it.
     */
    public static Optional<EventType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals(SEED_RATING)) {
            return Optional.of(RATING);
        }
        return Arrays.stream(values()).filter(t -> t.wireName.equals(normalized)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(EventType::wireName).toList());
    }
}
