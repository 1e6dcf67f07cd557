package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PopularityTest {
    private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final double HALF_LIFE_DAYS = 7.0;
    private static final FeedbackWeights WEIGHTS = FeedbackWeights.defaults();

    private static Item item(String id, long createdAt, String... genres) {
        return new Item(id, "Title " + id, List.of(genres), Map.of(), createdAt, true);
    }

    private static Popularity train(InteractionLog.Builder log, Catalog catalog) {
        return Popularity.train(log.build(), catalog, WEIGHTS, HALF_LIFE_DAYS, NOW);
    }

    private static List<Recommendation> top(Popularity model, int n) {
        return model.recommend(new RecommendQuery("u", List.of(), n, null, null));
    }

    private static List<Recommendation> top(Popularity model, int n, String genre) {
        return model.recommend(new RecommendQuery("u", List.of(), n, genre, null));
    }

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void aRecentEventOutweighsAnOldOneOfTheSameWeight() {
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "old", EventType.CLICK, Double.NaN, NOW - 30 * DAY)
                .add("u2", "recent", EventType.CLICK, Double.NaN, NOW - DAY);
        Popularity model = train(log, Catalog.empty());
        List<Recommendation> recs = top(model, 10);
        assertThat(ids(recs)).containsExactly("recent", "old");
        assertThat(recs.get(0).score()).isGreaterThan(recs.get(1).score());
    }

    @Test
    void anEventOneHalfLifeOldCountsHalf() {
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "a", EventType.CLICK, Double.NaN, NOW - (long) (HALF_LIFE_DAYS * DAY))
                .add("u1", "b", EventType.CLICK, Double.NaN, NOW)
                .add("u1", "c", EventType.PURCHASE, Double.NaN, NOW - 2 * (long) (HALF_LIFE_DAYS * DAY));
        Map<String, Double> scores = scores(top(train(log, Catalog.empty()), 10));
        assertThat(scores.get("b")).isCloseTo(2.0, within(1e-4));
        assertThat(scores.get("a")).isCloseTo(1.0, within(1e-4));
        assertThat(scores.get("c")).isCloseTo(1.25, within(1e-4));
    }

    @Test
    void eventsFromTheFutureCountAsNow() {
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "a", EventType.VIEW, Double.NaN, NOW + DAY / 2);
        assertThat(top(train(log, Catalog.empty()), 1).get(0).score()).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void scoresSumOverInteractions() {
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "a", EventType.VIEW, Double.NaN, NOW)
                .add("u2", "a", EventType.CLICK, Double.NaN, NOW)
                .add("u3", "a", EventType.RATING, 4.5, NOW)
                .add("u4", "b", EventType.PURCHASE, Double.NaN, NOW);
        Map<String, Double> scores = scores(top(train(log, Catalog.empty()), 10));
        assertThat(scores.get("a")).isCloseTo(1.0 + 2.0 + 2.0, within(1e-4));
        assertThat(scores.get("b")).isCloseTo(5.0, within(1e-4));
    }

    @Test
    void negativeFeedbackLowersAnItem() {
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "a", EventType.PURCHASE, Double.NaN, NOW)
                .add("u1", "b", EventType.PURCHASE, Double.NaN, NOW)
                .add("u2", "b", EventType.DISLIKE, Double.NaN, NOW)
                .add("u3", "b", EventType.RATING, 2.0, NOW)
                .add("u1", "c", EventType.CLICK, Double.NaN, NOW);
        List<Recommendation> recs = top(train(log, Catalog.empty()), 10);
        assertThat(ids(recs)).containsExactly("a", "c", "b");
        assertThat(recs.get(2).score()).isCloseTo(5.0 - 4.0 - 0.5, within(1e-4));
    }

    @Test
    void itemsWithOnlyNegativeFeedbackAreNotListedAsPopular() {
        Catalog catalog = Catalog.of(List.of(item("liked", 1), item("hated", 2)));
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "liked", EventType.VIEW, Double.NaN, NOW)
                .add("u1", "hated", EventType.DISLIKE, Double.NaN, NOW)
                .add("u1", "hated-unknown", EventType.DISLIKE, Double.NaN, NOW);
        List<Recommendation> recs = top(train(log, catalog), 10);
        assertThat(recs.get(0).itemId()).isEqualTo("liked");
        assertThat(ids(recs)).doesNotContain("hated-unknown");
        assertThat(recs).filteredOn(r -> r.itemId().equals("hated"))
                .allSatisfy(r -> assertThat(r.explanation().kind()).isNotEqualTo("popular"));
    }

    @Test
    void impressionsAreIgnored() {
        InteractionLog.Builder log = InteractionLog.builder().add("u1", "viewed", EventType.VIEW, Double.NaN, NOW);
        for (int i = 0; i < 100; i++) {
            log.add("u" + i, "shown", EventType.IMPRESSION, Double.NaN, NOW);
        }
        Popularity model = train(log, Catalog.empty());
        assertThat(ids(top(model, 10))).containsExactly("viewed");
    }

    @Test
    void impressionsDoNotLiftACatalogItemAboveNewerOnes() {
        Catalog catalog = Catalog.of(List.of(item("shown", NOW - 5 * DAY), item("fresh", NOW - DAY)));
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "shown", EventType.IMPRESSION, Double.NaN, NOW)
                .add("u2", "shown", EventType.IMPRESSION, Double.NaN, NOW);
        List<Recommendation> recs = top(train(log, catalog), 10);
        assertThat(ids(recs)).containsExactly("fresh", "shown");
        assertThat(recs).allSatisfy(r -> {
            assertThat(r.score()).isZero();
            assertThat(r.explanation().kind()).isEqualTo("new");
        });
    }

    @Test
    void unscoredCatalogItemsFollowNewestFirstWithNewExplanations() {
        Catalog catalog = Catalog.of(List.of(
                item("hit", NOW - 100 * DAY),
                item("older", NOW - 10 * DAY),
                item("newest", NOW - DAY),
                item("middle", NOW - 5 * DAY)));
        InteractionLog.Builder log = InteractionLog.builder().add("u1", "hit", EventType.VIEW, Double.NaN, NOW);
        List<Recommendation> recs = top(train(log, catalog), 10);
        assertThat(ids(recs)).containsExactly("hit", "newest", "middle", "older");
        assertThat(recs.get(0).explanation().kind()).isEqualTo("popular");
        for (Recommendation r : recs.subList(1, 4)) {
            assertThat(r.score()).isZero();
            assertThat(r.explanation()).isEqualTo(Explanation.of("new", "New in the catalog"));
        }
    }

    @Test
    void aFreshCatalogStillGetsAList() {
        Catalog catalog = Catalog.of(List.of(item("a", 1), item("b", 3), item("c", 2)));
        Popularity model = Popularity.train(InteractionLog.builder().build(), catalog, WEIGHTS, HALF_LIFE_DAYS, NOW);
        assertThat(model.size()).isEqualTo(3);
        assertThat(ids(top(model, 10))).containsExactly("b", "c", "a");
    }

    @Test
    void deactivatedItemsAreNeverListed() {
        Catalog catalog = Catalog.of(List.of(
                item("on", 1, "Drama"),
                item("off-scored", 2, "Drama").deactivated(),
                item("off-unscored", 3, "Drama").deactivated(),
                item("new-on", 4, "Drama")));
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "on", EventType.VIEW, Double.NaN, NOW)
                .add("u1", "off-scored", EventType.PURCHASE, Double.NaN, NOW);
        Popularity model = train(log, catalog);
        assertThat(ids(top(model, 10))).containsExactly("on", "new-on");
        assertThat(ids(top(model, 10, "drama"))).containsExactly("on", "new-on");
        assertThat(model.size()).isEqualTo(2);
    }

    @Test
    void genreListsAreCaseInsensitiveAndKeepTheOverallOrder() {
        Catalog catalog = Catalog.of(List.of(
                item("d1", 1, "Drama"),
                item("d2", 2, "drama", "Comedy"),
                item("c1", 3, "Comedy"),
                item("d3", 4, "DRAMA")));
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "d1", EventType.VIEW, Double.NaN, NOW)
                .add("u1", "d2", EventType.PURCHASE, Double.NaN, NOW)
                .add("u1", "c1", EventType.LIKE, Double.NaN, NOW);
        Popularity model = train(log, catalog);
        assertThat(ids(top(model, 10))).containsExactly("d2", "c1", "d1", "d3");
        assertThat(ids(top(model, 10, "Drama"))).containsExactly("d2", "d1", "d3");
        assertThat(ids(top(model, 10, "DRAMA"))).containsExactly("d2", "d1", "d3");
        assertThat(ids(top(model, 10, "comedy"))).containsExactly("d2", "c1");
        assertThat(top(model, 10, "Jazz")).isEmpty();
        assertThat(ids(top(model, 2, "drama"))).containsExactly("d2", "d1");
    }

    @Test
    void filterIsRespectedAndTheListIsStillFilled() {
        InteractionLog.Builder log = InteractionLog.builder();
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k <= i; k++) {
                log.add("u" + k, "i" + i, EventType.VIEW, Double.NaN, NOW);
            }
        }
        Popularity model = train(log, Catalog.empty());
        assertThat(ids(top(model, 3))).containsExactly("i9", "i8", "i7");
        Set<String> seen = Set.of("i9", "i7");
        List<Recommendation> recs = model.recommend(new RecommendQuery("u", List.of(), 3, null, id -> !seen.contains(id)));
        assertThat(ids(recs)).containsExactly("i8", "i6", "i5");
    }

    @Test
    void filterIsRespectedInGenreLists() {
        Catalog catalog = Catalog.of(List.of(item("a", 1, "Drama"), item("b", 2, "Drama"), item("c", 3, "Drama")));
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "a", EventType.PURCHASE, Double.NaN, NOW)
                .add("u1", "b", EventType.CLICK, Double.NaN, NOW);
        Popularity model = train(log, catalog);
        List<Recommendation> recs = model.recommend(new RecommendQuery("u", List.of(), 5, "drama", id -> !id.equals("a")));
        assertThat(ids(recs)).containsExactly("b", "c");
    }

    @Test
    void nIsRespected() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(item("i" + i, i));
        }
        InteractionLog.Builder log = InteractionLog.builder().add("u1", "i0", EventType.VIEW, Double.NaN, NOW);
        Popularity model = train(log, Catalog.of(items));
        assertThat(top(model, 5)).hasSize(5);
        assertThat(top(model, 1)).hasSize(1);
        assertThat(top(model, 0)).isEmpty();
        assertThat(top(model, 100)).hasSize(30);
    }

    @Test
    void explanationTexts() {
        Catalog catalog = Catalog.of(List.of(item("hit", 1, "Drama"), item("fresh", 2, "Drama")));
        InteractionLog.Builder log = InteractionLog.builder().add("u1", "hit", EventType.VIEW, Double.NaN, NOW);
        Popularity week = train(log, catalog);
        assertThat(top(week, 2)).extracting(Recommendation::explanation).containsExactly(
                Explanation.of("popular", "Popular this week"),
                Explanation.of("new", "New in the catalog"));
        assertThat(top(week, 2, "Drama")).extracting(Recommendation::explanation).containsExactly(
                Explanation.of("popular", "Popular in Drama this week"),
                Explanation.of("new", "New in Drama"));

        Popularity day = Popularity.train(log.build(), catalog, WEIGHTS, 1.0, NOW);
        assertThat(top(day, 1).get(0).explanation().text()).isEqualTo("Popular today");
        Popularity month = Popularity.train(log.build(), catalog, WEIGHTS, 30.0, NOW);
        assertThat(top(month, 1).get(0).explanation().text()).isEqualTo("Popular this month");
        assertThat(top(month, 1).get(0).explanation().becauseOf()).isEmpty();
    }

    @Test
    void modelInfo() {
        Catalog catalog = Catalog.of(List.of(item("a", 1), item("b", 2), item("c", 3)));
        InteractionLog.Builder log = InteractionLog.builder()
                .add("u1", "a", EventType.VIEW, Double.NaN, NOW)
                .add("u2", "a", EventType.CLICK, Double.NaN, NOW)
                .add("u2", "x", EventType.CLICK, Double.NaN, NOW)
                .add("u3", "b", EventType.IMPRESSION, Double.NaN, NOW);
        Popularity model = train(log, catalog);
        ModelInfo info = model.info();
        assertThat(model.type()).isEqualTo("popular").isEqualTo(Popularity.TYPE);
        assertThat(info.type()).isEqualTo("popular");
        assertThat(info.trainedAt()).isEqualTo(NOW);
        assertThat(info.version()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(info.trainingMillis()).isNotNegative();
        assertThat(info.users()).isEqualTo(3);
        assertThat(info.items()).isEqualTo(4); // a, x scored; b, c from the catalog
        assertThat(info.interactions()).isEqualTo(4);
        assertThat(info.parameters()).containsEntry("half_life_days", HALF_LIFE_DAYS);
        assertThat(info.parameters().get("weights")).isEqualTo(WEIGHTS.asMap());
        assertThat(model.size()).isEqualTo(4);
    }

    private static Map<String, Double> scores(List<Recommendation> recs) {
        Map<String, Double> map = new java.util.HashMap<>();
        recs.forEach(r -> map.put(r.itemId(), r.score()));
        return map;
    }
}
