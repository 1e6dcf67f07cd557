package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.ActivityStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.EventAnalytics;
import dev.brisk.server.store.ItemStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code brisk import events} and {@code brisk import items} against a temporary SQLite file:
 * NDJSON, JSON arrays and CSV with a column mapping, gzip, bad lines, idempotent re-runs, and
 * reading back what {@code brisk generate} writes.
 */
class ImportFilesTest {
    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BRISK_DB_URL", "jdbc:sqlite:" + dir.resolve("brisk.db"));
        return env;
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(Callable<Integer> command, String... args) {
        if (command instanceof ImportEventsCommand events) {
            events.environment = env();
        } else if (command instanceof ImportItemsCommand items) {
            items.environment = env();
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(command).execute(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Run importEvents(String... args) {
        return run(new ImportEventsCommand(), args);
    }

    private Run importItems(String... args) {
        return run(new ImportItemsCommand(), args);
    }

    private <T> T inDatabase(java.util.function.Function<Database, T> query) throws Exception {
        try (Database db = Database.open(BriskConfig.fromEnvironment(env()).database())) {
            return query.apply(db);
        }
    }

    private long storedEvents() throws Exception {
        return inDatabase(db -> new EventAnalytics(db).count());
    }

    private long storedItems() throws Exception {
        return inDatabase(db -> new ItemStore(db).count());
    }

    private static Path gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
        return target;
    }

    @Test
    void whatGenerateWritesIsReadBackOnceEvenWhenImportedAgain() throws Exception {
        Path generated = dir.resolve("generated");
        Run generate = run(new GenerateCommand(), "--out", generated.toString(), "--items", "80", "--users", "25",
                "--events", "900", "--days", "10");
        assertThat(generate.code()).as(generate.err()).isZero();

        Run items = importItems(generated.resolve("items.json").toString());
        assertThat(items.code()).as(items.err()).isZero();
        assertThat(items.out()).contains("(json array)", "80 records read", "80 items stored", "0 bad lines");
        Run events = importEvents(generated.resolve("events.ndjson").toString(), "--batch", "250");
        assertThat(events.code()).as(events.err()).isZero();
        assertThat(events.out()).contains("900 records read", "900 new events stored", "0 bad lines");
        assertThat(storedEvents()).isEqualTo(900);
        assertThat(storedItems()).isEqualTo(80);

        // Again, and compressed: every event is found stored already.
        Run again = importEvents(gzip(generated.resolve("events.ndjson"), dir.resolve("events.ndjson.gz")).toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("(ndjson, gzip)", "0 new events stored", "900 already stored");
        assertThat(importItems(generated.resolve("items.json").toString()).code()).isZero();
        assertThat(storedEvents()).isEqualTo(900);
        assertThat(storedItems()).isEqualTo(80);
    }

    @Test
    void csvWithAColumnMappingAndSecondsFromTheNineties() throws Exception {
        // MovieLens' ratings.csv layout, gzip-compressed under a name that does not say so.
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, """
                userId,movieId,rating,timestamp,tag
                1,31,2.5,1260759144,"dark, slow"
                1,1029,3.0,1260759179,
                2,10,4.0,835355493,"a ""b"" c"
                2,17,5.0,8.35355681E8,x
                3,60,nine,835355493,x
                """);
        Path hidden = gzip(csv, dir.resolve("ratings.data"));
        String[] args = {hidden.toString(), "--format", "csv", "--map", "user_id=userId,item_id=movieId",
                "--timestamp-unit", "s", "--event-type", "rating"};
        Run first = importEvents(args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("(csv, gzip)", "5 records read", "4 new events stored", "1 bad lines skipped");
        assertThat(first.err()).contains("line 6: rating: must be a number", "Columns not imported: tag");

        Run second = importEvents(args);
        assertThat(second.out()).contains("0 new events stored", "4 already stored");
        assertThat(storedEvents()).isEqualTo(4);
        List<Event> history = inDatabase(db -> new ActivityStore(db).recentHistory("2", 10));
        assertThat(history).extracting(Event::timestamp)
                .containsExactly(835_355_681_000L, 835_355_493_000L);
        assertThat(history.get(0).type()).isEqualTo(EventType.RATING);
        assertThat(history.get(0).rating()).isEqualTo(5.0);
        assertThat(history.get(0).eventId()).startsWith("imp-");
    }

    @Test
    void badNdjsonLinesAreReportedByNumberAndSkipped() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"user_id\": \"u1\", \"item_id\": \"i1\", \"event_type\": \"view\", \"timestamp\": \"1997-09-20T03:05:10Z\"}",
                "",
                "{\"user_id\": \"u1\", \"item_id\": \"i2\", \"event_type\": \"view\", \"timestamp\": 874724710}",
                "{not json",
                "{\"user_id\": \"u1\", \"item_id\": \"i3\", \"event_type\": \"view\"}",
                "{\"user_id\": \"u1\", \"item_id\": \"i4\", \"event_type\": \"like\", \"timestamp\": 874724710000,"
                        + " \"metadata\": {\"page\": \"home\"}}",
                "[1, 2]",
                "{\"event_id\": \"mine\", \"user_id\": \"u2\", \"item_id\": \"i1\", \"event_type\": \"star\","
                        + " \"timestamp\": 874724710000}",
                "{\"event_id\": \"mine-2\", \"user_id\": \"u2\", \"item_id\": \"i1\", \"event_type\": \"click\"}"));
        Run run = importEvents(file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("8 records read", "3 new events stored", "5 bad lines skipped");
        assertThat(run.err()).contains(
                "line 3: timestamp: looks like seconds; send epoch milliseconds",
                "line 4: not valid JSON",
                "line 5: timestamp: is required for an event without event_id",
                "line 7: must be a JSON object",
                "line 8: event_type: unknown type 'star'");
        assertThat(importEvents(file.toString()).out()).contains("0 new events stored", "3 already stored");
        List<Event> u1 = inDatabase(db -> new ActivityStore(db).recentHistory("u1", 10));
        assertThat(u1).extracting(Event::itemId).containsExactly("i4", "i1");
        assertThat(u1.get(1).timestamp()).isEqualTo(Instant.parse("1997-09-20T03:05:10Z").toEpochMilli());
    }

    @Test
    void aFileCutShortStoresWhatItHoldsAndTheWholeFileCompletesIt() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < 3000; k++) {
            lines.append("{\"user_id\": \"u").append(k % 40).append("\", \"item_id\": \"i").append(k % 97)
                    .append("\", \"event_type\": \"view\", \"timestamp\": ").append(1_600_000_000_000L + k * 1000L)
                    .append("}\n");
        }
        Path whole = gzip(Files.writeString(dir.resolve("views.ndjson"), lines), dir.resolve("views.ndjson.gz"));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.ndjson.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Run interrupted = importEvents(cut.toString(), "--batch", "100");
        assertThat(interrupted.code()).isEqualTo(1);
        assertThat(interrupted.err()).contains("the file cannot be read from here on", "Stopped early");
        long partial = storedEvents();
        assertThat(partial).isBetween(1L, 2999L);

        Run resumed = importEvents(whole.toString(), "--batch", "100");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains(String.format(java.util.Locale.ROOT, "%,d new events stored, %,d already stored",
                3000 - partial, partial));
        assertThat(storedEvents()).isEqualTo(3000);
    }

    @Test
    void aFileWithNothingValidEndsWithAnError() throws Exception {
        Path file = dir.resolve("nothing.csv");
        Files.writeString(file, "user,item\nu1,i1\n");
        Run run = importEvents(file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("line 2: ", "Nothing imported from", "no valid event in 1 records");
        Path empty = Files.writeString(dir.resolve("empty.ndjson"), "");
        assertThat(importEvents(empty.toString()).err()).contains("is the file empty?");
        assertThat(importEvents(dir.resolve("missing.ndjson").toString()).code()).isEqualTo(1);
        assertThat(importItems(file.toString()).code()).isEqualTo(1);
        assertThat(importEvents(file.toString(), "--timestamp-unit", "hours").code()).isEqualTo(2);
        assertThat(importEvents(file.toString(), "--event-type", "star").err()).contains("--event-type must be one of");
        assertThat(importEvents(file.toString(), "--batch", "0").code()).isEqualTo(2);
        assertThat(storedEvents()).isZero();
    }

    @Test
    void itemsFromCsvWithGenreListsAndProperties() throws Exception {
        Path file = dir.resolve("movies.csv");
        Files.writeString(file, """
                movieId,title,genres,year,properties
                1,Toy Story (1995),Animation|Children's|Comedy,1995,"{""language"": ""en""}"
                2,"Jumanji, the game",Adventure,1995,
                3,,Drama,,{broken
                """);
        Run run = importItems(file.toString(), "--map", "item_id=movieId");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 records read", "2 items stored", "1 bad lines skipped");
        assertThat(run.err()).contains("line 4: properties: must be a JSON object");
        Item toy = inDatabase(db -> new ItemStore(db).find("1").orElseThrow());
        assertThat(toy.genres()).containsExactly("Animation", "Children's", "Comedy");
        assertThat(toy.properties()).containsEntry("year", "1995").containsEntry("language", "en");
        Item jumanji = inDatabase(db -> new ItemStore(db).find("2").orElseThrow());
        assertThat(jumanji.title()).isEqualTo("Jumanji, the game");
    }

    @Test
    void ndjsonItemsMayGiveGenresAsOneText() throws Exception {
        Path file = dir.resolve("items.ndjson");
        Files.writeString(file, "{\"item_id\": 7, \"title\": \"Seven\", \"genres\": \"Crime|Thriller\","
                + " \"properties\": {\"year\": 1995}}\n{\"item_id\": 8, \"colour\": \"red\"}\n");
        Run run = importItems(file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("line 2: colour: unknown field");
        Item seven = inDatabase(db -> new ItemStore(db).find("7").orElseThrow());
        assertThat(seven.genres()).containsExactly("Crime", "Thriller");
        assertThat(seven.properties()).as("a JSON number stays a number").containsEntry("year", 1995L);
    }
}
