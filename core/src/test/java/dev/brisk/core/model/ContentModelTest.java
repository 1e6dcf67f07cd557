package dev.brisk.core.model;

import static dev.brisk.core.model.ModelFixtures.ids;
import static dev.brisk.core.model.ModelFixtures.query;
import static dev.brisk.core.model.ModelFixtures.views;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentModelTest {
    private static final InteractionMatrix MATRIX = ModelFixtures.matrix();
    private static final ItemIndex INDEX = ItemIndex.of(MATRIX, ModelFixtures.catalog());
    private static final ContentModel MODEL = ContentModel.train(MATRIX, INDEX, ContentModel.Params.defaults(), null);

    @Test
    void recommendsItemsOfTheGenresTheUserLikesAndNamesTheGenre() {
        List<Recommendation> recs = MODEL.recommend(query(views("u", "h1", "h2"), 4));
        assertThat(ids(recs)).allMatch(id -> id.startsWith("h"));
        assertThat(recs.get(0).explanation().kind()).isEqualTo("genre");
        assertThat(recs.get(0).explanation().text()).isIn("Because you like Horror", "Because you like Thriller");
        UserVector user = UserVector.of(views("u", "h1"), INDEX.ids(), ModelFixtures.SETTINGS);
        assertThat(MODEL.topGenres(user, 2)).containsExactlyInAnyOrder("Horror", "Thriller");
    }

    @Test
    void ranksItemsNobodyInteractedWith() {
        List<Item> items = new ArrayList<>(ModelFixtures.catalog().items());
        items.add(new Item("c9", "Brand new comedy", List.of("Comedy"), Map.of("language", "en"), 0, true));
        Catalog catalog = Catalog.of(items);
        InteractionMatrix matrix = InteractionMatrix.build(ModelFixtures.log(),
                items.stream().map(Item::itemId).sorted().toList(), ModelFixtures.SETTINGS, ModelFixtures.T0);
        ContentModel model = ContentModel.train(matrix, ItemIndex.of(matrix, catalog), ContentModel.Params.defaults(), null);
        RecommendQuery q = new RecommendQuery("u", views("u", "c1", "c2"), 3, null,
                id -> !id.equals("c1") && !id.equals("c2"));
        assertThat(ids(model.recommend(q))).contains("c9").allMatch(id -> id.startsWith("c"));
    }

    @Test
    void findsItemsWithTheSameFeatures() {
        assertThat(ids(MODEL.similar("h3", 3, CandidateFilter.ANY))).allMatch(id -> id.startsWith("h"))
                .doesNotContain("h3").hasSize(3);
        assertThat(ids(MODEL.similar("d1", 9, CandidateFilter.ANY))).allMatch(id -> id.startsWith("c"));
        assertThat(MODEL.similar("nope", 3, CandidateFilter.ANY)).isEmpty();
    }

    @Test
    void categoricalPropertiesCountButLessThanGenres() {
        // d1 shares only the language with the comedies; it ranks behind every comedy, ahead of horror
        // (without the trend, which would otherwise lift popular horror films above so weak a match).
        ContentModel noTrend = ContentModel.train(MATRIX, INDEX, new ContentModel.Params(0.3, 50, 0), null);
        List<String> ranked = ids(noTrend.recommend(query(views("u", "c1"), 9)));
        assertThat(ranked.indexOf("d1")).isEqualTo(4);
        assertThat(MODEL.info().parameters()).containsEntry("feature_count", 6); // 4 genres + 2 languages
    }

    /** The population a large catalog's candidates are standardised by: what scoring every item gives. */
    @Test
    void aProfileScoresItemByItemAndKnowsTheSpreadOfTheWholeCatalog() {
        for (List<String> history : List.of(List.of("h1"), List.of("h1", "h2", "c1"), List.of("c1", "d1"))) {
            UserVector user = UserVector.of(views("u", history.toArray(String[]::new)), INDEX.ids(),
                    ModelFixtures.SETTINGS);
            float[] all = MODEL.score(user).values();
            ContentModel.Profile profile = MODEL.profile(user);
            IntOpenHashSet seen = new IntOpenHashSet();
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < all.length; i++) {
                assertThat(profile.score(i)).isEqualTo(all[i]);
                if (history.contains(INDEX.id(i))) {
                    seen.add(i);
                } else {
                    double s = all[i] == all[i] ? all[i] : 0;
                    sum += s;
                    squares += s * s;
                }
            }
            Population exact = Population.of(sum, squares, all.length - seen.size());
            Population population = profile.population(seen);
            assertThat(population.mean()).as("%s", history).isCloseTo(exact.mean(), within(1e-6));
            assertThat(population.deviation()).as("%s", history).isCloseTo(exact.deviation(), within(1e-6));
            assertThat(exact.deviation()).isPositive();
            IntOpenHashSet nominated = new IntOpenHashSet();
            profile.nominate(nominated);
            int best = TopK.select(all, 1, i -> true)[0];
            assertThat(nominated).contains(best);
        }
        assertThat(MODEL.profile(UserVector.of(new int[0], new float[0]))).isNull();
    }
}
