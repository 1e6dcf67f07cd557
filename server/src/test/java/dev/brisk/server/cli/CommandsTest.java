package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventTypes;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.EventAnalytics;
import dev.brisk.server.store.ItemStore;
import dev.brisk.server.store.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code brisk import movielens} and {@code brisk evaluate} against a temporary SQLite file. */
class CommandsTest {
    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"));
        env.put("BRISK_ALS_FACTORS", "16");
        env.put("BRISK_VALIDATION_USERS", "30");
        env.put("BRISK_TRAIN_THREADS", "2");
        return env;
    }

    /** A 1M-format data set: 12 movies in two genres; 30 users who rate six movies of one genre well and, early on, one of the other badly. */
    private Path movieLens1m() throws Exception {
        Path ml = Files.createDirectories(dir.resolve("ml-1m"));
        StringBuilder movies = new StringBuilder();
        for (int m = 1; m <= 12; m++) {
            movies.append(m).append("::Movie ").append(m).append(" (199").append(m % 10).append(")::")
                    .append(m <= 6 ? "Comedy|Romance" : "Horror").append('\n');
        }
        Files.write(ml.resolve("movies.dat"), movies.toString().getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder ratings = new StringBuilder();
        for (int u = 1; u <= 30; u++) {
            int base = u % 2 == 0 ? 1 : 7;
            for (int k = 0; k < 6; k++) {
                int movie = base + (k + u) % 6;
                ratings.append(u).append("::").append(movie).append("::").append(3 + (k % 3)).append("::")
                        .append(978_300_000 + u * 1000 + k * 10).append('\n');
            }
            ratings.append(u).append("::").append(u % 2 == 0 ? 8 : 2).append("::1::").append(978_300_000 + u * 1000 + 5)
                    .append('\n');
        }
        Files.writeString(ml.resolve("ratings.dat"), ratings);
        return ml;
    }

    private static String run(Object command, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(command).execute(args);
            assertThat(code).as(captured.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importsMovieLensOnceEvenWhenRunTwice() throws Exception {
        Path ml = movieLens1m();
        ImportCommand.MovieLens command = new ImportCommand.MovieLens();
        command.environment = env();
        String out = run(command, ml.toString(), "--batch", "50");
        assertThat(out).contains("12 items", "210 ratings read", "210 new events stored");

        ImportCommand.MovieLens again = new ImportCommand.MovieLens();
        again.environment = env();
        assertThat(run(again, ml.toString())).contains("0 new events stored");

        try (Database db = Database.open(BriskConfig.fromEnvironment(env()).database())) {
            assertThat(new EventAnalytics(db).count()).isEqualTo(210);
            assertThat(new ItemStore(db).all()).hasSize(12);
            assertThat(new ItemStore(db).find("7").orElseThrow().genres()).containsExactly("Horror");
            List<Event> history = new ActivityStore(db, EventTypes.BUILT_IN).recentHistory("2", 10);
            assertThat(history).hasSize(7);
            assertThat(history.get(0).rating()).isEqualTo(5.0); // newest first: k = 5 rated 3 + 5 % 3
            assertThat(history.get(0).timestamp()).isEqualTo((978_300_000L + 2 * 1000 + 50) * 1000);
            assertThat(history.get(5).rating()).isEqualTo(1.0);
            // What serving reads: the same events, with what scoring needs of them.
            List<Event> interactions = new ActivityStore(db, EventTypes.BUILT_IN).recentInteractions("2", 10);
            assertThat(interactions).extracting(Event::itemId, Event::type, Event::rating, Event::timestamp)
                    .containsExactlyElementsOf(history.stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.itemId(), e.type(), e.rating(), e.timestamp()))
                            .toList());
            assertThat(new ActivityStore(db, EventTypes.BUILT_IN).recentInteractions("2", 3)).hasSize(3);
        }
    }

    @Test
    void evaluatesEveryModelOnGeneratedDataAsATableAndAsJson() throws Exception {
        EvaluateCommand command = new EvaluateCommand();
        command.environment = env();
        Path json = dir.resolve("evaluation.json");
        String table = run(command, "--source", "generated", "--users", "120", "--items", "200", "--events", "6000",
                "--days", "20", "--json", json.toString());

        assertThat(table).contains("NDCG@10", "Cov@20", "popular", "item_knn", "als", "content", "hybrid");
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.path("split").path("evaluated_users").asInt()).isGreaterThan(100);
        List<String> models = new ArrayList<>();
        report.path("models").fieldNames().forEachRemaining(models::add);
        assertThat(models).containsExactly("popular", "item_knn", "als", "content", "hybrid");
        for (String model : models) {
            JsonNode m = report.path("models").path(model);
            for (String metric : List.of("precision", "recall", "ndcg", "hit_rate", "coverage")) {
                for (int k : new int[] {10, 20}) {
                    assertThat(m.path(metric + "@" + k).asDouble()).as(model + " " + metric + "@" + k).isBetween(0.0, 1.0);
                }
            }
        }
        assertThat(report.path("models").path("als").path("ndcg@10").asDouble())
                .isGreaterThan(report.path("models").path("popular").path("ndcg@10").asDouble());
        assertThat(report.path("hybrid_weights").size()).isEqualTo(6);
    }

    @Test
    void replaysTheHeldOutEventsNextToAStaticBaseline() throws Exception {
        EvaluateCommand command = new EvaluateCommand();
        command.environment = env();
        Path json = dir.resolve("prequential.json");
        String table = run(command, "--protocol", "prequential", "--source", "generated", "--users", "120", "--items",
                "200", "--events", "6000", "--days", "20", "--json", json.toString());

        assertThat(table).contains("HR@10", "MRR@10", "static HR", "popular", "hybrid");
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.path("protocol").asText()).isEqualTo("prequential");
        assertThat(report.path("split").path("replayed_events").asInt()).isGreaterThan(500);
        List<String> models = new ArrayList<>();
        report.path("models").fieldNames().forEachRemaining(models::add);
        assertThat(models).containsExactly("popular", "item_knn", "als", "content", "hybrid");
        for (String model : models) {
            for (String run : List.of("prequential", "static")) {
                JsonNode m = report.path("models").path(model).path(run);
                assertThat(m.path("predictions").asInt()).as(model + " " + run).isGreaterThan(300);
                for (String metric : List.of("hr@10", "mrr@10", "user_hr@10")) {
                    assertThat(m.path(metric).asDouble()).as(model + " " + run + " " + metric).isBetween(0.0, 1.0);
                }
            }
        }
        JsonNode hybrid = report.path("models").path("hybrid");
        assertThat(hybrid.path("prequential").path("hr@10").asDouble())
                .isGreaterThan(hybrid.path("static").path("hr@10").asDouble());
        EvaluateCommand wrong = new EvaluateCommand();
        wrong.environment = env();
        assertThat(new CommandLine(wrong).execute("--protocol", "online")).isEqualTo(2);
    }

    @Test
    void evaluatesTheDatabaseAndMovieLensFilesAndPrintsJsonWhenAsked() throws Exception {
        Path ml = movieLens1m();
        EvaluateCommand fromFiles = new EvaluateCommand();
        fromFiles.environment = env();
        JsonNode report = Json.MAPPER.readTree(run(fromFiles, "--source", "movielens", "--dir", ml.toString(),
                "--models", "popular,item_knn", "--format", "json"));
        assertThat(report.path("models").size()).isEqualTo(2);
        assertThat(report.path("split").path("evaluated_users").asInt()).isPositive();

        ImportCommand.MovieLens load = new ImportCommand.MovieLens();
        load.environment = env();
        run(load, ml.toString());
        EvaluateCommand fromDb = new EvaluateCommand();
        fromDb.environment = env();
        String out = run(fromDb, "--models", "popular,item_knn", "--format", "json");
        // Logging here goes to standard output (the test's logback is set up already); the command line sends it to stderr.
        JsonNode same = Json.MAPPER.readTree(out.substring(out.indexOf("{\n")));
        // The same data through the database gives the same figures (timings aside).
        for (String model : List.of("popular", "item_knn")) {
            for (String metric : List.of("ndcg@10", "recall@20", "coverage@20")) {
                assertThat(same.path("models").path(model).path(metric))
                        .isEqualTo(report.path("models").path(model).path(metric));
            }
        }
    }

    @Test
    void refusesUnknownModelsAndFolders() {
        EvaluateCommand command = new EvaluateCommand();
        command.environment = env();
        assertThat(new CommandLine(command).execute("--models", "magic")).isEqualTo(2);
        EvaluateCommand missing = new EvaluateCommand();
        missing.environment = env();
        assertThat(new CommandLine(missing).execute("--source", "movielens", "--dir", dir.toString())).isEqualTo(1);
        ImportCommand.MovieLens load = new ImportCommand.MovieLens();
        load.environment = env();
        assertThat(new CommandLine(load).execute(dir.toString())).isEqualTo(1);
    }

    @Test
    void theProgressBarShowsShareCountAndPhase() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i <= 100; i++) {
            bar.update("train als", i, 100);
        }
        bar.update("read events", 5000, 0);
        bar.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(12); // 0%, 10%, ..., 100% and the count
        assertThat(lines[5]).startsWith("train als").contains("[###############...............]", " 50%", "50/100");
        assertThat(lines[11]).startsWith("read events").contains("5,000");
    }
}
