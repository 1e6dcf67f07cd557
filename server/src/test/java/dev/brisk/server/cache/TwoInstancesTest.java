package dev.brisk.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.Seed;
import dev.brisk.server.support.SharedServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL and one Redis: an event posted to one instance invalidates the
 * lists the other cached, and both serve the same stored history.
 */
class TwoInstancesTest {
    private static TestService a;
    private static TestService b;
    private static HttpJson httpA;
    private static HttpJson httpB;
    private static String schema;
    private static String prefix;

    @BeforeAll
    static void start() {
        schema = SharedServices.freshSchema("two_instances");
        prefix = SharedServices.freshRedisPrefix("two-instances");
        a = TestService.start(false, SharedServices.oneCluster(schema, prefix));
        b = TestService.start(false, SharedServices.oneCluster(schema, prefix));
        httpA = new HttpJson(a.port());
        httpB = new HttpJson(b.port());
        Seed.catalogAndEvents(httpA);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
        SharedServices.dropSchema(schema);
    }

    @Test
    void anEventThroughOneInstanceInvalidatesTheListCachedThroughTheOther() {
        // B trains on the same events, so that its model version is the one A's lists carry or newer.
        retrainPopular(httpB);
        retrainPopular(httpA);

        var first = httpA.get("/recommend?user_id=seed1&n=5").body();
        assertThat(httpA.get("/recommend?user_id=seed1&n=5").body().path("cached").asBoolean()).isTrue();
        String shown = first.path("items").get(0).path("item_id").asText();

        var posted = httpB.post("/events", "{\"user_id\":\"seed1\",\"item_id\":\"" + shown + "\",\"event_type\":\"view\"}");
        assertThat(posted.status()).isEqualTo(200);

        var next = httpA.get("/recommend?user_id=seed1&n=5").body();
        assertThat(next.path("cached").asBoolean()).isFalse();
        assertThat(next.path("items").findValuesAsText("item_id")).doesNotContain(shown);
        assertThat(httpA.get("/users/seed1/activity?limit=1").body().path("events").get(0).path("item_id").asText())
                .isEqualTo(shown);
    }

    /**
     * Lists that are never cached (an exclusion asked for) are made from the history each instance
     * holds between lists: an event through either instance is in the next such list through either.
     */
    @Test
    void anEventThroughEitherInstanceIsInTheNextUncachedListThroughEither() {
        HttpJson[][] pairs = {{httpA, httpA}, {httpB, httpA}, {httpA, httpB}, {httpB, httpB}, {httpA, httpA}};
        String list = "/recommend?user_id=seed2&n=5&model=popular&exclude=none";
        // Both serve the popular model once the trainer's first version reached them.
        assertThat(HttpJson.eventually(30_000, () -> httpA.get(list).body().path("items").size() == 5
                && httpB.get(list).body().path("items").size() == 5)).as("both instances serve lists").isTrue();
        for (HttpJson[] pair : pairs) {
            HttpJson through = pair[0];
            HttpJson served = pair[1];
            JsonNode before = served.get(list).body();
            assertThat(before.path("cached").asBoolean()).isFalse();
            String shown = before.path("items").get(0).path("item_id").asText();
            assertThat(through.post("/events", "{\"user_id\":\"seed2\",\"item_id\":\"" + shown
                    + "\",\"event_type\":\"click\"}").status()).isEqualTo(200);
            assertThat(served.get(list).body().path("items").findValuesAsText("item_id"))
                    .as("the event through %s, the list through %s", through == httpA ? "A" : "B",
                            served == httpA ? "A" : "B")
                    .hasSize(5).doesNotContain(shown);
        }
    }

    /**
     * A list that an older version cached as plain JSON (under the same key, with the current model
     * version) is not read: it is a miss, and the list is made and stored again in today's form,
     * which the next request is served from.
     */
    @Test
    void aListCachedByAnOlderVersionIsAMissAndIsStoredAgain() {
        String version = httpA.get("/models").body().path("models").get(0).path("version").asText();
        String key = prefix + "rec:user:seed3:model:popular:n:4";
        RedisClient client = RedisClient.create(SharedServices.REDIS_URL);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().set(key, "{\"model\":\"popular\",\"model_version\":\"" + version + "\",\"cold_start\":false,"
                    + "\"items\":[{\"rank\":1,\"item_id\":\"from-an-older-version\",\"title\":\"Old\",\"genres\":[],"
                    + "\"score\":1.0,\"explanation\":\"Popular\",\"reason\":\"popular\",\"because_of\":[]}]}");

            JsonNode first = httpA.get("/recommend?user_id=seed3&n=4&model=popular").body();
            assertThat(first.path("cached").asBoolean()).isFalse();
            assertThat(first.path("items").findValuesAsText("item_id")).doesNotContain("from-an-older-version")
                    .hasSize(4);
            assertThat(redis.sync().get(key)).startsWith("brisk-list/2\n");
            JsonNode second = httpA.get("/recommend?user_id=seed3&n=4&model=popular").body();
            assertThat(second.path("cached").asBoolean()).isTrue();
            assertThat(second.path("items")).isEqualTo(first.path("items"));
        } finally {
            client.shutdown();
        }
    }

    /** Retrains the popularity model of one instance and waits (bounded) until a newer version is ready. */
    private static void retrainPopular(HttpJson http) {
        String before = http.get("/models").body().path("models").get(0).path("version").asText();
        assertThat(http.post("/models/popular/train", "{}").status()).isEqualTo(202);
        boolean retrained = HttpJson.eventually(10_000, () -> {
            JsonNode popular = http.get("/models").body().path("models").get(0);
            return "ready".equals(popular.path("state").asText()) && !popular.path("version").asText().equals(before);
        });
        assertThat(retrained).as("a newer popular model within 10 s").isTrue();
    }
}
