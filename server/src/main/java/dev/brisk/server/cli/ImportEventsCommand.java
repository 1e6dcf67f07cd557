package dev.brisk.server.cli;

import dev.brisk.core.event.DerivedEventIds;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventValidator;
import dev.brisk.core.event.Validated;
import dev.brisk.server.app.BriskConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brisk import events FILE}: events from NDJSON (the fields of {@code POST /events}, one
 * event per line), a JSON array or CSV, streamed in batches through the writer of live events and
 * validated by the same rules. A bad line is reported with its number and skipped. An event
 * without {@code event_id} gets one derived from user, item, type and time, so running the import
 * again, or again after an interruption, stores nothing twice.
 */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Import events from FILE (NDJSON, a JSON "
        + "array or CSV; gzip too) into the configured database, idempotently.")
public final class ImportEventsCommand implements Callable<Integer> {
    /** How the numbers in the timestamp field count time. */
    enum TimestampUnit { MS, S, ISO }

    @Mixin
    ImportFileOptions input;
    @Option(names = "--timestamp-unit", defaultValue = "ms", description = "ms (epoch milliseconds or ISO-8601, as "
            + "POST /events), s (epoch seconds, fractions allowed) or iso (ISO-8601 only) (default: ${DEFAULT-VALUE}).")
    String timestampUnit;
    @Option(names = "--event-type", description = "The type of records that name none (e.g. rating for a ratings file).")
    String eventType;
    @Option(names = "--source", description = "The source of events that name none (default: none).")
    String source;

    /** Where the settings come from; tests hand in their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException {
        TimestampUnit unit;
        try {
            unit = TimestampUnit.valueOf(timestampUnit.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--timestamp-unit must be ms, s or iso, not '" + timestampUnit + "'");
            return 2;
        }
        BriskConfig config;
        try {
            config = input.configFor(environment);
        } catch (ImportFileOptions.CannotStart e) {
            System.err.println(e.getMessage());
            return e.exitCode;
        }
        if (eventType != null && config.eventTypes().fromWire(eventType).isEmpty()) {
            System.err.println("--event-type must be one of " + config.eventTypes().wireNames() + " (add types with"
                    + " BRISK_EVENT_TYPES), not '" + eventType + "'");
            return 2;
        }
        long started = System.currentTimeMillis();
        EventValidator validator = new EventValidator(source, config.eventTypes());
        ProgressBar bar = ProgressBar.onStandardError();
        BadLines bad = new BadLines(System.err, bar);
        Set<String> ignoredColumns = new TreeSet<>();
        long[] read = new long[2]; // records, valid events
        try (InputFile file = InputFile.open(input.file, input.format, input.delimiter);
             ImportTarget target = new ImportTarget(config)) {
            boolean csv = file.format() == InputFile.Format.CSV;
            List<Event> pending = new ArrayList<>(input.batch);
            file.read(new InputFile.Records() {
                @Override
                public void record(long line, Map<String, Object> raw) {
                    read[0]++;
                    Map<String, Object> fields = input.mapped(raw);
                    if (csv) {
                        fields = fromCsv(fields, ignoredColumns);
                    }
                    if (eventType != null) {
                        fields.putIfAbsent("event_type", eventType);
                    }
                    String unitProblem = toValidatorTime(fields, unit);
                    if (unitProblem != null) {
                        bad.add(line, unitProblem);
                        return;
                    }
                    if (fields.get("event_id") == null && fields.get("timestamp") == null) {
                        bad.add(line, "timestamp: is required for an event without event_id (its id is derived "
                                + "from user, item, type and time, so that importing again stores nothing twice)");
                        return;
                    }
                    Validated<Event> v = validator.validate(fields, System.currentTimeMillis());
                    if (!v.isValid()) {
                        bad.add(line, v.summary());
                        return;
                    }
                    read[1]++;
                    pending.add(DerivedEventIds.identified(v.value()));
                    if (pending.size() >= input.batch) {
                        target.write(pending);
                    }
                    bar.update("events (bytes read)", file.bytesRead(), file.size());
                }

                @Override
                public void unreadable(long line, String reason) {
                    read[0]++;
                    bad.add(line, reason);
                }
            });
            target.write(pending);
            bar.update("events (bytes read)", file.size(), file.size());
            bar.finish();
            if (!ignoredColumns.isEmpty()) {
                System.err.println("Columns not imported: " + String.join(", ", ignoredColumns)
                        + " (name a field's column with --map FIELD=COLUMN)");
            }
            if (!input.reportEnd(file, "event", read[0], read[1])) {
                return 1;
            }
            System.out.printf("Imported events from %s (%s): %,d records read, %,d new events stored, %,d already "
                            + "stored, %,d with a stored id but other content (kept as stored), %,d bad lines skipped "
                            + "in %.1f s%n", input.file, file.describe(), read[0], target.stored(), target.duplicates(),
                    target.conflicts(), bad.count(), (System.currentTimeMillis() - started) / 1000.0);
            return file.stoppedEarly() ? 1 : 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    /** CSV cells are text: a rating becomes a number; columns that are no event field are left out. */
    static Map<String, Object> fromCsv(Map<String, Object> cells, Set<String> ignored) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> cell : cells.entrySet()) {
            if (EventValidator.FIELDS.contains(cell.getKey()) && !cell.getKey().equals("metadata")) {
                fields.put(cell.getKey(), cell.getValue());
            } else {
                ignored.add(cell.getKey());
            }
        }
        Object rating = fields.get("rating");
        if (rating instanceof String text) {
            try {
                fields.put("rating", Double.parseDouble(text.trim()));
            } catch (NumberFormatException notANumber) {
                // left as text: the validator names it
            }
        }
        return fields;
    }

    /**
     * Puts the timestamp in the form the validator reads (ISO-8601 for seconds, so that early
     * times are not mistaken for seconds again); returns a problem, or null.
     */
    static String toValidatorTime(Map<String, Object> fields, TimestampUnit unit) {
        Object raw = fields.get("timestamp");
        if (raw == null || unit == TimestampUnit.MS) {
            return null;
        }
        Double number = raw instanceof Number n ? Double.valueOf(n.doubleValue()) : parseNumber(raw.toString());
        if (unit == TimestampUnit.ISO) {
            return number == null ? null
                    : "timestamp: " + raw + " is a number, but --timestamp-unit iso expects ISO-8601 text";
        }
        if (number == null) {
            return null; // ISO-8601 text is read as such
        }
        if (!Double.isFinite(number) || Math.abs(number) > 1e13) {
            return "timestamp: " + raw + " is not a time in epoch seconds";
        }
        fields.put("timestamp", Instant.ofEpochMilli(Math.round(number * 1000)).toString());
        return null;
    }

    private static Double parseNumber(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || !(Character.isDigit(trimmed.charAt(0)) || trimmed.charAt(0) == '-')) {
            return null;
        }
        try {
            return Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
