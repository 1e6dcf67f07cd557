package dev.brisk.client;

import java.util.List;

/** The newest active items, newest first. */
public record LatestList(List<Item> items) {
}
