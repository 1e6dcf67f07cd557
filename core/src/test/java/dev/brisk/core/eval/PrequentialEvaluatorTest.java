package dev.brisk.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.EventType;
import dev.brisk.core.model.Explanation;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.TrainingProgress;
import dev.brisk.core.model.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {

    /** Proposes the item after the newest one in the history ("i8" → "i9"), then i1, i2, ... through the filter. */
    private static final Recommender NEXT = new Recommender() {
        @Override
        public String type() {
            return "next";
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("next", "1", 0, 0, 0, 0, 0, Map.of());
        }

        @Override
        public List<Recommendation> recommend(RecommendQuery query) {
            List<String> candidates = new ArrayList<>();
            if (!query.history().isEmpty()) {
                candidates.add("i" + (Integer.parseInt(query.history().get(0).itemId().substring(1)) + 1));
            }
            for (int i = 1; i <= 40; i++) {
                candidates.add("i" + i);
            }
            List<Recommendation> out = new ArrayList<>();
            for (String id : candidates) {
                if (out.size() < query.n() && query.filter().accepts(id) && out.stream().noneMatch(r -> r.itemId().equals(id))) {
                    out.add(new Recommendation(id, 1, Explanation.of("x", "x")));
                }
            }
            return out;
        }
    };

    @Test
    void eachEventIsFoldedInBeforeTheNextListWhileTheStaticBaselineStaysAtTheSplit() {
        InteractionLog.Builder b = InteractionLog.builder();
        // u1 views i11..i20 in order; the last two are held out (20%). The view of i20 is followed by a click on
        // it, which is no new interest, and by a dislike of i30, which is no interest: neither is asked about.
        for (int k = 11; k <= 20; k++) {
            b.add("u1", "i" + k, EventType.VIEW, Double.NaN, 1_000L * k);
        }
        b.add("u1", "i20", EventType.CLICK, Double.NaN, 30_000L);
        b.add("u1", "i30", EventType.DISLIKE, Double.NaN, 31_000L);
        ChronologicalSplit split = ChronologicalSplit.of(b.build(), FeedbackWeights.defaults(), 0.3, 5);
        assertThat(split.heldOutEvents()).extracting(e -> e.itemId()).containsExactly("i19", "i20", "i20", "i30");

        PrequentialEvaluator.Result result = new PrequentialEvaluator(FeedbackWeights.defaults(), 100, Workers.single())
                .evaluate(NEXT, split, Catalog.empty(), TrainingProgress.NONE);

        // Live: after i18, i19 is first; after i19 is folded in, i20 is first.
        assertThat(result.live()).isEqualTo(new PrequentialEvaluator.Figures(2, 1, 1.0, 1.0, 1.0));
        // Static: the history ends at i18, so i19 is first, and once seen i20 is not in the list (i1..i9 are).
        assertThat(result.frozen()).isEqualTo(new PrequentialEvaluator.Figures(2, 1, 0.5, 0.5, 0.5));
        assertThat(result.lift()).isEqualTo(2.0);
    }
}
