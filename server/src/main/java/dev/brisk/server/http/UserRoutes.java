package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.profile.UserProfile;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.store.StoredEvent;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's data. {@code GET /users/{id}/activity?limit=50&before=&event_type=} — events newest
 * first by their own time; {@code limit} 1–1000; {@code before} is the {@code next_before} of the
 * previous page (or a time); {@code event_type} filters. {@code GET /users/{id}/profile} — the
 * aggregated profile (404 for a user without events).
 * For clients of the replaced system, the activity also carries {@code recent_events} (the same
 * page in that system's shape, see {@link SeedViews#event}) and {@code total_events} (all the user's
 * events), and the profile {@code last_activity}. {@code GET /users/{id}/sessions?limit=20}
 * — sessions newest first with start, end, event count and items. {@code GET /users?q=&limit=20}
 * — user ids that start with {@code q} (also accepted as {@code prefix}), most active first, for a
 * search box.
 */
public final class UserRoutes {
    private final ActivityStore events;
    private final ProfileStore profiles;

    public UserRoutes(ActivityStore events, ProfileStore profiles) {
        this.events = events;
        this.profiles = profiles;
    }

    public void register(Api api) {
        api.get("/users", Role.ADMIN, this::search);
        api.get("/users/{id}/activity", Role.READ, this::activity);
        api.get("/users/{id}/profile", Role.READ, this::profile);
        api.get("/users/{id}/sessions", Role.READ, this::sessions);
    }

    private void search(Context ctx) {
        Query q = Query.of(ctx, "q", "prefix", "limit");
        String prefix = q.optionalText("q", 128).orElse("");
        String alias = q.optionalText("prefix", 128).orElse(prefix);
        if (!prefix.isEmpty() && !alias.equals(prefix)) {
            throw ApiException.badRequest("Query parameters q and prefix mean the same; give one");
        }
        prefix = prefix.isEmpty() ? alias : prefix;
        ctx.json(Map.of("users", profiles.searchUserIds(prefix, q.integer("limit", 20, 1, 100))));
    }

    private void activity(Context ctx) {
        Query q = Query.of(ctx, "limit", "before", "event_type");
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        int limit = q.integer("limit", 50, 1, 1000);
        EventType type = q.optionalText("event_type", 32).map(t -> EventType.fromWire(t).orElseThrow(() ->
                ApiException.badRequest("Unknown event_type '" + t + "'; one of " + EventType.wireNames()))).orElse(null);
        Long beforeTs = null;
        Long beforeId = null;
        String before = q.optionalText("before", 64).orElse(null);
        if (before != null) {
            int sep = before.indexOf('_');
            try {
                if (sep > 0) {
                    beforeTs = Long.parseLong(before.substring(0, sep));
                    beforeId = Long.parseLong(before.substring(sep + 1));
                } else {
                    beforeTs = q.timestamp("before").orElseThrow();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Query parameter before must be a next_before cursor or a time, got '"
                        + before + "'");
            }
        }
        List<StoredEvent> page = events.activity(userId, limit, beforeTs, beforeId, type);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        body.put("events", page.stream().map(UserRoutes::view).toList());
        body.put("count", page.size());
        StoredEvent last = page.isEmpty() ? null : page.get(page.size() - 1);
        body.put("next_before", page.size() == limit && last != null
                ? last.event().timestamp() + "_" + last.id() : null);
        body.put("recent_events", page.stream().map(SeedViews::event).toList());
        body.put("total_events", events.countForUser(userId));
        ctx.json(body);
    }

    private void profile(Context ctx) {
        Query.of(ctx);
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        UserProfile p = profiles.find(userId).orElseThrow(() -> ApiException.notFound("No events for user " + userId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", p.userId());
        body.put("total_interactions", p.totalInteractions());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            counts.put(t.wireName(), p.count(t.wireName()));
        }
        body.put("counts", counts);
        body.put("avg_rating", p.ratingCount() == 0 ? null : Math.round(p.avgRating() * 1000.0) / 1000.0);
        body.put("rating_count", p.ratingCount());
        body.put("favorite_genres", p.favoriteGenres(10));
        body.put("first_interaction", Instant.ofEpochMilli(p.firstInteraction()).toString());
        body.put("last_interaction", Instant.ofEpochMilli(p.lastInteraction()).toString());
        body.put("last_activity", Instant.ofEpochMilli(p.lastInteraction()).toString());
        body.put("session_count", p.sessionCount());
        ctx.json(body);
    }

    private void sessions(Context ctx) {
        Query q = Query.of(ctx, "limit");
        String userId = Query.checkId("user id", ctx.pathParam("id"));
        int limit = q.integer("limit", 20, 1, 200);
        ctx.json(Map.of("user_id", userId, "sessions", events.sessions(userId, limit).stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session_id", s.sessionId());
            m.put("start", Instant.ofEpochMilli(s.start()).toString());
            m.put("end", Instant.ofEpochMilli(s.end()).toString());
            m.put("duration_seconds", (s.end() - s.start()) / 1000);
            m.put("event_count", s.eventCount());
            m.put("items", s.items());
            return m;
        }).toList()));
    }

    static Map<String, Object> view(StoredEvent stored) {
        Event e = stored.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", e.eventId());
        m.put("user_id", e.userId());
        m.put("item_id", e.itemId());
        m.put("event_type", e.type().wireName());
        m.put("rating", e.hasRating() ? e.rating() : null);
        m.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
        m.put("received_at", Instant.ofEpochMilli(stored.receivedAt()).toString());
        m.put("session_id", e.sessionId());
        m.put("source", e.source());
        m.put("recommendation_id", e.recommendationId());
        m.put("metadata", e.metadata());
        return m;
    }
}
