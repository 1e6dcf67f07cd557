package dev.brisk.core.model;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A large catalog with factors shaped like trained ALS factors, without training: items belong
 * to one of {@value #TOPICS} topics (their genre), each item's factors are its topic's direction
 * plus noise, scaled by a popularity that varies over an order of magnitude (ALS gives popular
 * items longer vectors). Users are histories of items of one or two topics.
 */
final class GeneratedFactors {
    static final int TOPICS = 50;
    static final long T0 = 1_700_000_000_000L;
    /** 20,000 items × 64 factors and their index, shared by the tests of candidate serving (built once). */
    static final GeneratedFactors LARGE = new GeneratedFactors(20_000, 64, 5);
    static final FactorIndex LARGE_INDEX = LARGE.model.buildCandidateIndex(Workers.single());

    final int items;
    final int k;
    final float[] factors;
    final ImplicitAls model;
    private final SplittableRandom random;

    GeneratedFactors(int items, int k, long seed) {
        this.items = items;
        this.k = k;
        this.random = new SplittableRandom(seed);
        double[][] topics = new double[TOPICS][k];
        for (double[] topic : topics) {
            for (int f = 0; f < k; f++) {
                topic[f] = random.nextGaussian();
            }
        }
        factors = new float[items * k];
        List<String> ids = new ArrayList<>(items);
        List<Item> catalog = new ArrayList<>(items);
        float[] trend = new float[items];
        boolean[] hasData = new boolean[items];
        for (int i = 0; i < items; i++) {
            int topic = topicOf(i);
            double popularity = Math.exp(random.nextGaussian() * 0.6) * 0.05;
            for (int f = 0; f < k; f++) {
                factors[i * k + f] = (float) (popularity * (topics[topic][f] + 0.8 * random.nextGaussian()));
            }
            String id = id(i);
            ids.add(id);
            catalog.add(new Item(id, "Item " + i, List.of(genre(topic)), Map.of(), T0, true));
            trend[i] = (float) popularity;
            hasData[i] = true;
        }
        ModelInfo info = new ModelInfo(ImplicitAls.TYPE, Instant.ofEpochMilli(T0).toString(), T0, 0, 0, items, 0,
                Map.of());
        model = ImplicitAls.fromItemFactors(info, ids, trend, Catalog.of(catalog), ModelFixtures.SETTINGS, k, 0.5,
                1.0, factors, hasData);
    }

    static int topicOf(int item) {
        return item % TOPICS;
    }

    static String genre(int topic) {
        return "Topic " + topic;
    }

    /** Ids sort in item order, so an item's index is its number. */
    static String id(int item) {
        return String.format("i%07d", item);
    }

    /** A history (newest first) of views of {@code length} items of one or two topics, the same for the same arguments. */
    List<Event> history(String user, int length) {
        // Seeded by the user and the length, so a test's histories do not depend on which tests ran before.
        SplittableRandom random = new SplittableRandom(user.hashCode() * 31L + length);
        int first = random.nextInt(TOPICS);
        int second = random.nextInt(TOPICS);
        List<Event> history = new ArrayList<>(length);
        for (int h = 0; h < length; h++) {
            int topic = h % 3 == 2 ? second : first;
            int item = random.nextInt(items / TOPICS) * TOPICS + topic;
            history.add(new Event(null, user, id(item), EventType.VIEW, Double.NaN, T0 - h * 60_000L, null, null,
                    null));
        }
        return history;
    }

    /** A random query vector: a mixture of a few items' factors. */
    float[] userLike(int length) {
        float[] x = new float[k];
        for (int h = 0; h < length; h++) {
            int item = random.nextInt(items);
            for (int f = 0; f < k; f++) {
                x[f] += factors[item * k + f];
            }
        }
        return x;
    }

    /** The exact top {@code n} items by dot product with {@code x}. */
    int[] exactTop(float[] x, int n) {
        float[] scores = new float[items];
        for (int i = 0; i < items; i++) {
            scores[i] = Dense.dot(factors, i * k, x, 0, k);
        }
        return TopK.select(scores, n, i -> true);
    }
}
