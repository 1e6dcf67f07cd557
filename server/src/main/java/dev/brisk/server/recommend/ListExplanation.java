package dev.brisk.server.recommend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Why a served list holds what it holds, in a sentence: the explanations of its items, and what of
 * the user's history they rest on (the items named as "because of", or else the reasons themselves,
 * such as a favourite genre or popularity).
 *
 * @param text          one paragraph for a person
 * @param basedOn       titles of the history items behind the list, or its reasons when none is named
 * @param basedOnItems  ids of those history items (empty when the list rests on none)
 */
public record ListExplanation(String text, List<String> basedOn, List<String> basedOnItems) {

    /** @param titleOf an item's title (its id when it has none) */
    public static ListExplanation of(ServedList list, Function<String, String> titleOf) {
        Set<String> items = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (ServedList.Entry e : list.items()) {
            items.addAll(e.becauseOf());
            if (e.explanation() != null && !e.explanation().isBlank()) {
                reasons.add(e.explanation());
            }
        }
        List<String> titles = new ArrayList<>();
        items.forEach(id -> titles.add(titleOf.apply(id)));
        String model = list.model() + " model (version " + list.modelVersion() + ")";
        String text;
        if (list.items().isEmpty()) {
            text = "The " + model + " has nothing to recommend to user " + list.userId() + " yet.";
        } else if (list.coldStart()) {
            text = "User " + list.userId() + " has no history yet, so the " + model + " recommends what is popular: "
                    + String.join("; ", reasons) + ".";
        } else {
            text = list.items().size() + " recommendations from the " + model + " for user " + list.userId() + ": "
                    + String.join("; ", reasons) + ".";
        }
        return new ListExplanation(text, titles.isEmpty() ? List.copyOf(reasons) : List.copyOf(titles),
                List.copyOf(items));
    }
}
