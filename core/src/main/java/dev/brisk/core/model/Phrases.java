package dev.brisk.core.model;

import dev.brisk.core.event.EventType;
import java.util.List;

/** The sentences of explanations, in one place. */
public final class Phrases {
    private Phrases() {
    }

    /** "watched", "bought", ...: what the user did, for "Because you watched X". */
    public static String verb(EventType type) {
        return switch (type.wireName()) {
            case "purchase" -> "bought";
            case "add_to_cart" -> "added";
            case "like" -> "liked";
            case "rating" -> "rated";
            default -> "watched";
        };
    }

    /** "Because you watched X", naming the history item that contributed most. */
    public static Explanation becauseYou(ItemIndex index, UserVector user, int[] positions) {
        if (positions.length == 0) {
            return Explanation.of("personal", "Picked for you");
        }
        int first = positions[0];
        String text = "Because you " + verb(user.strongest(first)) + " " + index.title(user.item(first));
        List<String> because = new java.util.ArrayList<>(positions.length);
        for (int p : positions) {
            because.add(index.id(user.item(p)));
        }
        return new Explanation("because_you", text, because);
    }

    public static Explanation genre(String genre) {
        return Explanation.of("genre", "Because you like " + genre);
    }

    public static Explanation popular() {
        return Explanation.of("popular", "Popular right now");
    }
}
