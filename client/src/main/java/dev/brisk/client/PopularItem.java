package dev.brisk.client;

import java.util.List;

/** An item of the popular list. */
public record PopularItem(String itemId, String title, List<String> genres, double score, String explanation) {
}
