package dev.brisk.core.event;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A kind of user interaction with its default weight as implicit feedback: one of the built-in
 * types below, a type the operator declared ({@link EventTypes}), or a retired type that events
 * stored earlier still carry. Two types are equal when their names are.
 */
public final class EventType {
    public static final EventType VIEW = new EventType("view", 1.0, 0);
    public static final EventType CLICK = new EventType("click", 2.0, 1);
    public static final EventType RATING = new EventType("rating", 1.0, 2);
    public static final EventType PURCHASE = new EventType("purchase", 5.0, 3);
    public static final EventType ADD_TO_CART = new EventType("add_to_cart", 3.0, 4);
    public static final EventType LIKE = new EventType("like", 4.0, 5);
    public static final EventType DISLIKE = new EventType("dislike", -4.0, 6);
    public static final EventType IMPRESSION = new EventType("impression", 0.0, 7);

    private static final List<EventType> BUILT_IN =
            List.of(VIEW, CLICK, RATING, PURCHASE, ADD_TO_CART, LIKE, DISLIKE, IMPRESSION);

    /** The weight of a declared type that {@code BRISK_EVENT_WEIGHTS} does not name: that of a view. */
    public static final double DECLARED_DEFAULT_WEIGHT = 1.0;

    /** The replaced system's name for a rating event. */
    static final String SEED_RATING = "rate";

    private static final int RETIRED = -1;

    private final String wireName;
    private final double defaultWeight;
    private final int ordinal;

    private EventType(String wireName, double defaultWeight, int ordinal) {
        this.wireName = wireName;
        this.defaultWeight = defaultWeight;
        this.ordinal = ordinal;
    }

    /** A type the operator declared, numbered after the built-ins by its vocabulary. */
    static EventType declared(String wireName, int ordinal) {
        return new EventType(wireName, DECLARED_DEFAULT_WEIGHT, ordinal);
    }

    /** A type stored events carry that the configuration no longer declares: it weighs nothing. */
    static EventType retired(String wireName) {
        return new EventType(wireName, 0.0, RETIRED);
    }

    /** The built-in types, in a fixed order. */
    public static List<EventType> builtIns() {
        return BUILT_IN;
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

    /**
     * A small dense number for arrays indexed by type: the built-ins are 0 to 7 in the order above,
     * declared types follow in their vocabulary's order; a retired type has -1.
     */
    public int ordinal() {
        return ordinal;
    }

    public boolean isBuiltIn() {
        return ordinal >= 0 && ordinal < BUILT_IN.size();
    }

    /** Whether the configuration no longer declares this type (see {@link EventTypes#fromStored}). */
    public boolean isRetired() {
        return ordinal == RETIRED;
    }

    /**
     * Whether the interaction says the user engaged with the item (so it is not recommended again):
     * impressions say only that it was shown; retired types say nothing any more.
     */
    public boolean isPreference() {
        return this != IMPRESSION && !isRetired();
    }

    /** The built-in type of a wire name, matched case-insensitively; {@code rate} is {@link #RATING}. */
    static Optional<EventType> builtIn(String normalized) {
        if (normalized.equals(SEED_RATING)) {
            return Optional.of(RATING);
        }
        return BUILT_IN.stream().filter(t -> t.wireName.equals(normalized)).findFirst();
    }

    static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof EventType type && type.wireName.equals(wireName);
    }

    @Override
    public int hashCode() {
        return wireName.hashCode();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
