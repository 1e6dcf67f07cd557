package dev.brisk.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.model.ListKey;
import dev.brisk.core.model.Popularity;
import dev.brisk.core.model.RecommendQuery;
import dev.brisk.core.model.Recommendation;
import dev.brisk.server.recommend.ServedList;
import dev.brisk.server.store.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The work of a cache hit on {@code /recommend} apart from the cache itself: building the list's
 * key, decoding the cached JSON, encoding the answer (what Javalin's {@code ctx.json} does with
 * the process's mapper) and the request id. Encoding the cached form is the extra work of a miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheKeyAndJsonBenchmark {
    @Param({"10", "50"})
    public int n;

    private ServedList.Cached cachedList;
    private ServedList servedList;
    private String cachedJson;

    @Setup
    public void setUp() {
        Popularity model = Popularity.train(DemoFixture.log(), DemoFixture.CATALOG, FeedbackWeights.defaults(), 7.0,
                DemoFixture.NOW);
        List<ServedList.Entry> entries = new ArrayList<>();
        for (Recommendation r : model.recommend(new RecommendQuery("u7", List.of(), n, null, null))) {
            entries.add(new ServedList.Entry(entries.size() + 1, r.itemId(), DemoFixture.CATALOG.titleOf(r.itemId()),
                    DemoFixture.CATALOG.genresOf(r.itemId()), r.score(), r.explanation().text(),
                    r.explanation().kind(), r.explanation().becauseOf()));
        }
        cachedList = new ServedList.Cached(Popularity.TYPE, model.info().version(), false, entries);
        servedList = new ServedList(UUID.randomUUID().toString(), "u7", Popularity.TYPE, model.info().version(), true,
                false, 0.123, entries, null);
        cachedJson = Json.write(cachedList);
    }

    @Benchmark
    public String listKey() {
        return new ListKey("u7", Popularity.TYPE, n, null, true).toString();
    }

    @Benchmark
    public String listKeyWithGenre() {
        return new ListKey("u7", Popularity.TYPE, n, "Sci-Fi", true).toString();
    }

    @Benchmark
    public ServedList.Cached decodeCachedList() throws JsonProcessingException {
        return Json.MAPPER.readValue(cachedJson, ServedList.Cached.class);
    }

    @Benchmark
    public String encodeCachedList() {
        return Json.write(cachedList);
    }

    /** The response body of {@code /recommend}. */
    @Benchmark
    public String encodeServedList() throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(servedList);
    }

    /** Every served list gets a random request id. */
    @Benchmark
    public String requestId() {
        return UUID.randomUUID().toString();
    }
}
