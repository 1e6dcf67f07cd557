package dev.brisk.server.cli;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.catalog.ItemValidator;
import dev.brisk.core.event.Validated;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.store.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code brisk import items FILE}: the catalog from NDJSON or a JSON array (the fields of
 * {@code PUT /items/{id}}: item_id, title, genres, properties, active, created_at; genres may also
 * be one '|'-separated text) or CSV (genres '|'-separated; a {@code properties} column holding a
 * JSON object, and every other column, become properties). An item already stored is replaced
 * (its creation time kept), so importing again changes nothing.
 */
@Command(name = "items", mixinStandardHelpOptions = true, description = "Import items from FILE (NDJSON, a JSON "
        + "array or CSV; gzip too) into the configured database's catalog.")
public final class ImportItemsCommand implements Callable<Integer> {
    @Mixin
    ImportFileOptions input;

    /** Where the settings come from; tests hand in their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException {
        BriskConfig config;
        try {
            config = input.configFor(environment);
        } catch (ImportFileOptions.CannotStart e) {
            System.err.println(e.getMessage());
            return e.exitCode;
        }
        long started = System.currentTimeMillis();
        ItemValidator validator = new ItemValidator();
        ProgressBar bar = ProgressBar.onStandardError();
        BadLines bad = new BadLines(System.err, bar);
        long[] counts = new long[2]; // records, items stored
        try (InputFile file = InputFile.open(input.file, input.format, input.delimiter);
             ImportTarget target = new ImportTarget(config)) {
            boolean csv = file.format() == InputFile.Format.CSV;
            List<Item> pending = new ArrayList<>();
            int batch = Math.max(1, Math.min(input.batch, 1000));
            file.read(new InputFile.Records() {
                @Override
                public void record(long line, Map<String, Object> raw) {
                    counts[0]++;
                    Map<String, Object> fields = input.mapped(raw);
                    String problem = csv ? fromCsv(fields) : null;
                    if (problem != null) {
                        bad.add(line, problem);
                        return;
                    }
                    if (fields.get("genres") instanceof String genres) {
                        fields.put("genres", splitGenres(genres));
                    }
                    Validated<Item> v = validator.validate(fields, null, System.currentTimeMillis());
                    if (!v.isValid()) {
                        bad.add(line, v.summary());
                        return;
                    }
                    pending.add(v.value());
                    if (pending.size() >= batch) {
                        counts[1] += flush(target, pending);
                    }
                    bar.update("items (bytes read)", file.bytesRead(), file.size());
                }

                @Override
                public void unreadable(long line, String reason) {
                    counts[0]++;
                    bad.add(line, reason);
                }
            });
            counts[1] += flush(target, pending);
            bar.update("items (bytes read)", file.size(), file.size());
            bar.finish();
            if (!input.reportEnd(file, "item", counts[0], counts[1])) {
                return 1;
            }
            System.out.printf("Imported items from %s (%s): %,d records read, %,d items stored, %,d bad lines "
                            + "skipped in %.1f s%n", input.file, file.describe(), counts[0], counts[1], bad.count(),
                    (System.currentTimeMillis() - started) / 1000.0);
            return file.stoppedEarly() ? 1 : 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    private static long flush(ImportTarget target, List<Item> pending) {
        if (pending.isEmpty()) {
            return 0;
        }
        target.catalog().upsert(List.copyOf(pending));
        long n = pending.size();
        pending.clear();
        return n;
    }

    private static List<String> splitGenres(String genres) {
        return Arrays.stream(genres.split("\\|")).map(String::trim).filter(g -> !g.isEmpty()).toList();
    }

    /**
     * CSV cells are text: {@code active} becomes a boolean, a {@code properties} cell a JSON
     * object, and every column that is no item field a property. Returns a problem, or null.
     */
    static String fromCsv(Map<String, Object> fields) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Object json = fields.remove("properties");
        if (json != null) {
            try {
                properties.putAll(Json.MAPPER.readValue(json.toString(), Json.MAP_TYPE));
            } catch (IOException | IllegalArgumentException e) {
                return "properties: must be a JSON object, got '" + json + "'";
            }
        }
        for (String column : List.copyOf(fields.keySet())) {
            if (!ItemValidator.FIELDS.contains(column)) {
                properties.put(column, fields.remove(column));
            }
        }
        if (!properties.isEmpty()) {
            fields.put("properties", properties);
        }
        Object active = fields.get("active");
        if (active instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            fields.put("active", Boolean.parseBoolean(text));
        }
        return null;
    }
}
