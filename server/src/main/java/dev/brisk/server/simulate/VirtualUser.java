package dev.brisk.server.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One simulated person. It lives in sessions of a few events: at the start of a session, and now
 * and then within it, it asks for recommendations; it views items from its list and from what is
 * popular, clicks on listed items (sending the list's {@code request_id} as
 * {@code recommendation_id}) with the plan's click probability for the model of the list (the
 * experiment variant's model when the list came from one), rates and buys what it clicked. Each {@link #step()} sends exactly
 * one event. Steps of one user never overlap, so its events arrive in order.
 */
final class VirtualUser {
    private static final int LIST_SIZE = 10;

    private final String userId;
    private final String sessionPrefix;
    private final Random random;
    private final SimulatorClient client;
    private final SimulationStats stats;
    private final List<String> popular;
    private final SimulationPlan plan;
    private int sessions;
    private int eventsLeftInSession;
    private int sent;
    private String listId;
    /** The model of the current list: the experiment variant's when it came from one. */
    private String listModel;
    private List<String> list = List.of();
    private String lastItem;
    private String lastItemListId;

    VirtualUser(String userId, String runId, long seed, SimulatorClient client, SimulationStats stats,
                List<String> popular, SimulationPlan plan) {
        this.plan = plan;
        this.userId = userId;
        this.sessionPrefix = "sim-" + runId + "-" + userId + "-";
        this.random = new Random(seed);
        this.client = client;
        this.stats = stats;
        this.popular = popular;
    }

    String userId() {
        return userId;
    }

    /** Sends one event, first asking for a list when the session needs one. */
    void step() {
        if (eventsLeftInSession == 0) {
            sessions++;
            eventsLeftInSession = 3 + random.nextInt(10);
            list = List.of();
            lastItem = null;
        }
        if (list.isEmpty() || random.nextDouble() < 0.12) {
            recommend();
        }
        send(nextEvent());
        eventsLeftInSession--;
    }

    private void recommend() {
        Optional<JsonNode> answer = client.get(SimulatorClient.RECOMMEND, "/recommend?user_id="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&n=" + LIST_SIZE);
        answer.ifPresent(body -> {
            List<String> items = new ArrayList<>();
            body.path("items").forEach(item -> items.add(item.path("item_id").asText()));
            if (!items.isEmpty()) {
                list = List.copyOf(items);
                listId = body.path("request_id").asText(null);
                JsonNode experiment = body.path("experiment");
                listModel = experiment.hasNonNull("model") ? experiment.path("model").asText()
                        : body.path("model").asText("");
            }
            stats.recommendationLists.increment();
        });
    }

    private Map<String, Object> nextEvent() {
        double roll = random.nextDouble();
        if (lastItem != null && roll < 0.12) {
            // Ratings lean positive, as they do for things people chose to open.
            double rating = Math.min(5, Math.max(0.5, Math.round((3.6 + random.nextGaussian() * 1.1) * 2) / 2.0));
            return event("rating", lastItem, lastItemListId, rating);
        }
        if (lastItem != null && roll < 0.20) {
            return event("purchase", lastItem, lastItemListId, null);
        }
        if (!list.isEmpty() && roll < 0.20 + plan.clickProbability(listModel)) {
            String item = fromList();
            lastItem = item;
            lastItemListId = listId;
            return event("click", item, listId, null);
        }
        String item = !list.isEmpty() && random.nextBoolean() ? fromList() : popular.get(skewed(popular.size()));
        lastItem = lastItem == null ? item : lastItem;
        return event("view", item, null, null);
    }

    /** Items near the top of the list are picked more often. */
    private String fromList() {
        return list.get(skewed(list.size()));
    }

    private int skewed(int size) {
        return Math.min(size - 1, (int) (size * Math.pow(random.nextDouble(), 2)));
    }

    private Map<String, Object> event(String type, String item, String recommendationId, Double rating) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_id", sessionPrefix + (++sent));
        e.put("user_id", userId);
        e.put("item_id", item);
        e.put("event_type", type);
        if (rating != null) {
            e.put("rating", rating);
        }
        e.put("session_id", sessionPrefix + "s" + sessions);
        e.put("source", "simulator");
        if (recommendationId != null) {
            e.put("recommendation_id", recommendationId);
        }
        return e;
    }

    private void send(Map<String, Object> event) {
        stats.eventsSent.increment();
        Optional<JsonNode> answer = client.postJson(SimulatorClient.EVENTS, "/events", event);
        if (answer.isEmpty()) {
            stats.eventsFailed.increment();
            return;
        }
        long accepted = answer.get().path("accepted").asLong(0);
        stats.accepted((String) event.get("event_type"), accepted);
        if (accepted > 0 && event.containsKey("recommendation_id")) {
            stats.eventsWithRecommendationId.increment();
        }
        stats.eventsDuplicated.add(answer.get().path("duplicates").asLong(0));
    }
}
