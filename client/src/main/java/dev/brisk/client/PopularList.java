package dev.brisk.client;

import java.util.List;

/** Popular items: time-decayed ({@code window} is "decayed") or counted over a window. */
public record PopularList(String window, String genre, List<PopularItem> items) {
}
