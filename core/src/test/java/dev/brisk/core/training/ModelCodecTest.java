package dev.brisk.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.ItemSimilarity;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.core.model.ModelCodec;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.SequentialRules;
import dev.brisk.core.model.Workers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModelCodecTest {
    private static final long END = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final DemoData DATA = new DemoDataGenerator().generate(
            new DemoDataGenerator.Config(7, 150, 60, 3_000, 15, END));
    private static final Catalog CATALOG = Catalog.of(DATA.items());

    private static List<Recommender> trainAll() {
        InteractionLog.Builder b = InteractionLog.builder();
        DATA.events().forEach(b::add);
        ModelSuite.Result result = ModelSuite.train(b.build(), CATALOG,
                ModelSuite.Params.defaults().withValidationUsers(20), (phase, done, total) -> { }, END);
        return new ArrayList<>(result.models().values());
    }

    private static Map<String, List<Event>> histories() {
        Map<String, List<Event>> byUser = DATA.events().stream()
                .collect(Collectors.groupingBy(Event::userId, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<Event>> some = new LinkedHashMap<>();
        byUser.entrySet().stream().limit(15).forEach(e -> some.put(e.getKey(), e.getValue()));
        some.put("nobody", List.of());
        return some;
    }

    private static List<String> answer(Recommender model, String user, List<Event> history) {
        List<Recommendation> recs = model.recommend(new RecommendQuery(user, history, 10, null, null));
        return recs.stream().map(r -> r.itemId() + "=" + r.score() + ":" + r.explanation()).toList();
    }

    /** Parameters as their JSON would read: maps unordered, every number a double (20 and 20L alike). */
    private static Object normalized(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalized(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(ModelCodecTest::normalized).toList();
        }
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }

    @Test
    void modelsReadBackScoreExactlyLikeTheOnesWritten() {
        List<Recommender> trained = trainAll();
        byte[] payload = ModelCodec.encode(trained);
        List<Recommender> restored = ModelCodec.decode(payload, CATALOG, EventTypes.BUILT_IN);

        assertThat(restored).extracting(Recommender::type).containsExactlyElementsOf(ModelSuite.TYPES);
        for (int m = 0; m < trained.size(); m++) {
            Recommender before = trained.get(m);
            Recommender after = restored.get(m);
            assertThat(normalized(after.info().parameters())).as(before.type())
                    .isEqualTo(normalized(before.info().parameters()));
            assertThat(after.info().version()).isEqualTo(before.info().version());
            assertThat(after.info().trainedAt()).isEqualTo(before.info().trainedAt());
            assertThat(after.info().interactions()).isEqualTo(before.info().interactions());
            histories().forEach((user, history) -> assertThat(answer(after, user, history))
                    .as(before.type() + " for " + user).isEqualTo(answer(before, user, history)).isNotEmpty());
            if (before instanceof ItemSimilarity similar) {
                String item = DATA.events().get(0).itemId();
                assertThat(((ItemSimilarity) after).similar(item, 5, dev.brisk.core.model.CandidateFilter.ANY)).as(before.type() + " similar")
                        .isEqualTo(similar.similar(item, 5, dev.brisk.core.model.CandidateFilter.ANY));
            }
        }
        // The same models encode to the same bytes: nothing of the layout depends on hash order.
        assertThat(ModelCodec.encode(restored)).isEqualTo(payload);
    }

    @Test
    void aDeclaredTypesWeightIsWrittenAndReadBackByName() {
        EventTypes types = EventTypes.declaring(List.of("share", "star"));
        EventType star = types.fromWire("star").orElseThrow();
        InteractionLog.Builder b = InteractionLog.builder();
        DATA.events().forEach(b::add);
        List<Event> starred = DATA.events().stream().filter(e -> e.type() == EventType.VIEW).limit(400)
                .map(e -> new Event(null, e.userId(), e.itemId(), star, Double.NaN, e.timestamp() + 1, null, null, null))
                .toList();
        starred.forEach(b::add);
        ModelSuite.Params defaults = ModelSuite.Params.defaults().withValidationUsers(20);
        FeedbackWeights weights = FeedbackWeights.of(types, Map.of(star, 3.0));
        ModelSuite.Params params = new ModelSuite.Params(new InteractionMatrix.Settings(weights, 0, 7),
                defaults.popularHalfLifeDays(), defaults.als(), defaults.itemKnn(), defaults.content(),
                defaults.hybridWeights(), defaults.validationUsers(), defaults.workers(), defaults.seed());
        List<Recommender> trained = new ArrayList<>(ModelSuite.train(b.build(), CATALOG, params,
                (phase, done, total) -> { }, END).models().values());
        byte[] payload = ModelCodec.encode(trained);

        List<Recommender> restored = ModelCodec.decode(payload, CATALOG, types);
        List<Event> history = List.of(starred.get(0), starred.get(1));
        for (int m = 0; m < trained.size(); m++) {
            assertThat(answer(restored.get(m), "u-star", history)).as(trained.get(m).type())
                    .isEqualTo(answer(trained.get(m), "u-star", history));
        }
        assertThat(ModelCodec.encode(restored)).isEqualTo(payload);
        // Read by a deployment that no longer declares star: the weight is dropped, nothing fails.
        List<Recommender> withoutStar = ModelCodec.decode(payload, CATALOG, EventTypes.BUILT_IN);
        assertThat(withoutStar).hasSameSizeAs(trained);
        assertThat(ModelCodec.encode(withoutStar)).isNotEqualTo(payload);
    }

    @Test
    void aPayloadOfTheFormatBeforeSequentialRulesIsStillReadWithItsOwnScaling() {
        List<Recommender> trained = trainAll();
        Hybrid tuned = (Hybrid) trained.get(trained.size() - 1);
        ImplicitAls als = (ImplicitAls) trained.get(2);
        Hybrid.Weights old = new Hybrid.Weights(0.6, 0.2, 0.1, 0.05, 0.05);
        Hybrid withoutRules = Hybrid.of(als, (ItemKnn) trained.get(1), (ContentModel) trained.get(3), old, Map.of());
        trained.set(trained.size() - 1, withoutRules);
        byte[] current = ModelCodec.encode(trained);
        // Format 1 ended a hybrid with its five weights; format 2 adds a sixth and the rules' three arrays,
        // format 3 the scaling.
        int items = tuned.index().size();
        int tail = (4 + 6 * Double.BYTES) + (4 + (items + 1) * Integer.BYTES) + 4 + 4 + 4;
        ByteBuffer formatOne = ByteBuffer.allocate(current.length - tail + 4 + 5 * Double.BYTES);
        formatOne.put(current, 0, current.length - tail).putInt(5);
        for (double w : Arrays.copyOf(old.asArray(), 5)) {
            formatOne.putDouble(w);
        }
        byte[] payload = formatOne.array();
        payload[11] = 1;

        Hybrid restored = (Hybrid) ModelCodec.decode(payload, CATALOG, EventTypes.BUILT_IN).get(trained.size() - 1);
        assertThat(restored.weights()).isEqualTo(old);
        assertThat(restored.weights().sequence()).isZero();
        // Its weights were tuned with the scaling of its time, which it keeps.
        assertThat(restored.scaling()).isEqualTo(Hybrid.Scaling.MAX);
        Hybrid asTuned = Hybrid.of(als, (ItemKnn) trained.get(1), (ContentModel) trained.get(3),
                SequentialRules.train(InteractionLog.builder().build(), als.index(), FeedbackWeights.defaults(), Workers.single()),
                old, Hybrid.Scaling.MAX, Map.of());
        histories().forEach((user, history) -> assertThat(answer(restored, user, history)).as(user)
                .isEqualTo(answer(asTuned, user, history)));
    }

    @Test
    void aPayloadOfTheFormatBeforeTheScalingReadsAsScaledByTheLargestScore() {
        List<Recommender> trained = trainAll();
        Hybrid tuned = (Hybrid) trained.get(trained.size() - 1);
        assertThat(tuned.scaling()).isEqualTo(Hybrid.Scaling.Z_SCORE);
        byte[] current = ModelCodec.encode(trained);
        byte[] formatTwo = Arrays.copyOf(current, current.length - 4);
        formatTwo[11] = 2;

        Hybrid restored = (Hybrid) ModelCodec.decode(formatTwo, CATALOG, EventTypes.BUILT_IN).get(trained.size() - 1);
        assertThat(restored.weights()).isEqualTo(tuned.weights());
        assertThat(restored.scaling()).isEqualTo(Hybrid.Scaling.MAX);
        byte[] unknownScaling = current.clone();
        unknownScaling[unknownScaling.length - 1] = 7;
        assertThatThrownBy(() -> ModelCodec.decode(unknownScaling, CATALOG, EventTypes.BUILT_IN))
                .isInstanceOf(ModelCodec.ModelFormatException.class).hasMessageContaining("scaling 7");
    }

    @Test
    void aDamagedOrForeignPayloadIsRefusedNotMisread() {
        byte[] payload = ModelCodec.encode(trainAll());
        assertThatThrownBy(() -> ModelCodec.decode(Arrays.copyOf(payload, payload.length / 2), CATALOG, EventTypes.BUILT_IN))
                .isInstanceOf(ModelCodec.ModelFormatException.class);
        byte[] foreign = payload.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> ModelCodec.decode(foreign, CATALOG, EventTypes.BUILT_IN))
                .isInstanceOf(ModelCodec.ModelFormatException.class).hasMessageContaining("not a Brisk model");
        byte[] newer = payload.clone();
        newer[11] = 99;
        assertThatThrownBy(() -> ModelCodec.decode(newer, CATALOG, EventTypes.BUILT_IN))
                .isInstanceOf(ModelCodec.ModelFormatException.class).hasMessageContaining("format 99");
    }
}
