package dev.brisk.core.profile;

import dev.brisk.core.catalog.Attributes;
import dev.brisk.core.event.Ids;
import dev.brisk.core.event.Problem;
import dev.brisk.core.event.Validated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user as described by the owner of the service: labels and properties (see {@link Attributes}),
 * beside the profile that Brisk aggregates from their events. Times are epoch milliseconds.
 */
public record UserEntity(String userId, List<String> labels, Map<String, Object> properties, long createdAt,
                         long updatedAt) {
    /** The fields a user object may have. */
    public static final Set<String> FIELDS = Set.of("user_id", "labels", "properties");

    public UserEntity {
        labels = labels == null ? List.of() : List.copyOf(labels);
        properties = Attributes.normalized(properties);
    }

    /**
     * A user from one decoded JSON object, or every problem with it; the body may omit
     * {@code user_id} (or must repeat {@code pathId}).
     */
    public static Validated<UserEntity> validate(Map<String, ?> input, String pathId, long nowMillis) {
        List<Problem> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(input.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            problems.add(new Problem(String.join(",", unknown), "unknown field; accepted fields are "
                    + String.join(", ", new TreeSet<>(FIELDS))));
        }
        Object rawId = input.get("user_id");
        boolean repeatsPath = rawId == null || Ids.problemWith(rawId).isEmpty() && pathId.equals(Ids.text(rawId));
        if (!repeatsPath) {
            problems.add(new Problem("user_id", "must repeat the id of the path, '" + pathId + "'"));
        }
        List<String> labels = Attributes.labels(input.get("labels"), problems);
        Map<String, Object> properties = Attributes.properties(input.get("properties"), problems);
        if (!problems.isEmpty()) {
            return Validated.failed(problems);
        }
        return Validated.ok(new UserEntity(pathId, labels, properties, nowMillis, nowMillis));
    }
}
