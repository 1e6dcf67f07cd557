package dev.brisk.client;

import java.util.List;

/** An event of a request that the service refused, by its position in the request, with every problem found. */
public record EventRejection(int index, String reason, List<Problem> problems) {
}
