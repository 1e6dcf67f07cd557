package dev.brisk.client;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of interaction Brisk takes; a {@link #RATING} carries a rating from 0.5 to 5. */
public enum EventType {
    VIEW, CLICK, RATING, PURCHASE, ADD_TO_CART, LIKE, DISLIKE, IMPRESSION;

    /** The name on the wire: {@code view}, {@code add_to_cart}... */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
