package dev.brisk.server.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Puts a small catalog and a few events into a running service, through its API. */
public final class Seed {
    private Seed() {
    }

    private static String version(HttpJson http) {
        var models = http.get("/models").body().path("models");
        String state = models.get(0).path("state").asText();
        return "ready".equals(state) ? models.get(0).path("version").asText("") : state;
    }

    public static void catalogAndEvents(HttpJson http) {
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= 30; i++) {
            items.append(i == 1 ? "" : ",").append("{\"item_id\":\"i").append(i).append("\",\"title\":\"Item ")
                    .append(i).append("\",\"genres\":[\"").append(i % 2 == 0 ? "Drama" : "Comedy").append("\"]}");
        }
        assertThat(http.post("/items", items.append("]").toString()).status()).isEqualTo(200);
        StringBuilder events = new StringBuilder("[");
        for (int i = 1; i <= 60; i++) {
            events.append(i == 1 ? "" : ",").append("{\"user_id\":\"seed").append(i % 7).append("\",\"item_id\":\"i")
                    .append(1 + (i * 7) % 12).append("\",\"event_type\":\"view\"}");
        }
        assertThat(http.post("/events", events.append("]").toString()).status()).isEqualTo(200);
        String before = version(http);
        assertThat(http.post("/models/popular/train", "{}").status()).isEqualTo(202);
        assertThat(HttpJson.eventually(10_000, () -> {
            String now = version(http);
            return !now.equals(before) && !now.equals("training");
        }))
                .as("the model retrained on the seeded events").isTrue();
    }
}
