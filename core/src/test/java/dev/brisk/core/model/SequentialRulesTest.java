package dev.brisk.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialRulesTest {
    private static final long MINUTE = 60_000L;

    /** Rules trained on the fixtures' items from the given log, over the fixtures' index. */
    private static SequentialRules train(InteractionLog log) {
        InteractionMatrix matrix = InteractionMatrix.build(log, ModelFixtures.catalog().items().stream()
                .map(Item::itemId).sorted().toList(), ModelFixtures.SETTINGS, ModelFixtures.T0 + 1_000_000);
        return SequentialRules.train(log, ItemIndex.of(matrix, ModelFixtures.catalog()),
                ModelFixtures.SETTINGS.weights(), Workers.single());
    }

    private static int item(SequentialRules rules, String id) {
        return rules.index.ids().indexOf(id);
    }

    @Test
    void followersWithinASessionMakeRulesWeighedByTheirDistance() {
        InteractionLog.Builder b = InteractionLog.builder();
        long t = ModelFixtures.T0;
        for (int u = 0; u < 3; u++) {
            String user = "u" + u;
            b.add(user, "c1", EventType.VIEW, Double.NaN, t);
            b.add(user, "c1", EventType.CLICK, Double.NaN, t + 1); // the same item again: not a step
            b.add(user, "c2", EventType.VIEW, Double.NaN, t + 2 * MINUTE);
            b.add(user, "c3", EventType.IMPRESSION, Double.NaN, t + 3 * MINUTE); // no preference
            b.add(user, "c3", EventType.VIEW, Double.NaN, t + 4 * MINUTE);
            b.add(user, "h1", EventType.DISLIKE, Double.NaN, t + 5 * MINUTE); // negative: no rule
            b.add(user, "h2", EventType.VIEW, Double.NaN, t + 40 * MINUTE); // a new session
            t += 1000 * MINUTE;
        }
        SequentialRules rules = train(b.build());

        assertThat(rules.strength(item(rules, "c1"), item(rules, "c2"))).isEqualTo(3f);
        assertThat(rules.strength(item(rules, "c1"), item(rules, "c3"))).isEqualTo(1.5f);
        assertThat(rules.strength(item(rules, "c2"), item(rules, "c3"))).isEqualTo(3f);
        assertThat(rules.strength(item(rules, "c2"), item(rules, "c1"))).isZero(); // rules have a direction
        assertThat(rules.strength(item(rules, "c3"), item(rules, "h1"))).isZero();
        assertThat(rules.strength(item(rules, "c3"), item(rules, "h2"))).isZero(); // across sessions
        assertThat(rules.size()).isEqualTo(3);
    }

    @Test
    void theLatestItemOfTheSessionWeighsMostAndEarlierSessionsNotAtAll() {
        InteractionLog.Builder b = InteractionLog.builder();
        long t = ModelFixtures.T0;
        for (String[] pair : new String[][] {{"c1", "c2"}, {"h1", "h2"}, {"d1", "c4"}}) {
            b.add("someone", pair[0], EventType.VIEW, Double.NaN, t);
            b.add("someone", pair[1], EventType.VIEW, Double.NaN, t + MINUTE);
            t += 1000 * MINUTE;
        }
        SequentialRules rules = train(b.build());
        long now = ModelFixtures.T0 + 10_000 * MINUTE;
        List<Event> history = List.of(
                ModelFixtures.event("u", "h1", EventType.VIEW, now),
                ModelFixtures.event("u", "c1", EventType.VIEW, now - 10 * MINUTE),
                ModelFixtures.event("u", "d1", EventType.VIEW, now - 5 * 60 * MINUTE)); // an earlier session
        UserVector user = UserVector.of(history, rules.index.ids(), ModelFixtures.SETTINGS);
        float[] scores = rules.score(user).values();

        assertThat(scores[item(rules, "h2")]).isEqualTo(1f);
        assertThat(scores[item(rules, "c2")]).isEqualTo(0.5f);
        assertThat(scores[item(rules, "c4")]).isNaN();
        assertThat(rules.score(user).explain(item(rules, "c2")).becauseOf()).containsExactly("c1");
    }
}
