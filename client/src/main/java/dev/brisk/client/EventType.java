package dev.brisk.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of interaction: one of the built-ins below (a {@link #RATING} carries a rating from 0.5 to 5)
 * or a type the service's operator declared, e.g. {@code EventType.of("share")}. The service rejects
 * a type it does not know with a validation error; the client only checks the name's form.
 */
public final class EventType {
    /** The form of a name: lowercase letters, digits and '_', starting with a letter, at most 32 characters. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public static final EventType VIEW = new EventType("view");
    public static final EventType CLICK = new EventType("click");
    public static final EventType RATING = new EventType("rating");
    public static final EventType PURCHASE = new EventType("purchase");
    public static final EventType ADD_TO_CART = new EventType("add_to_cart");
    public static final EventType LIKE = new EventType("like");
    public static final EventType DISLIKE = new EventType("dislike");
    public static final EventType IMPRESSION = new EventType("impression");

    private final String name;

    private EventType(String name) {
        this.name = name;
    }

    /** The type of this name (matched as the service does, regardless of case). */
    @JsonCreator
    public static EventType of(String name) {
        Objects.requireNonNull(name, "name");
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("An event type is a lowercase name of letters, digits and '_'"
                    + " starting with a letter (at most 32 characters), not \"" + name + "\"");
        }
        return new EventType(lower);
    }

    /** The name on the wire: {@code view}, {@code add_to_cart}, {@code share}... */
    @JsonValue
    public String wireName() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventType that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
