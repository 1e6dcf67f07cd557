package dev.brisk.server.cli;

import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code brisk import events} and {@code brisk import items} share: the file and how to read it. */
final class ImportFileOptions {
    @Parameters(index = "0", paramLabel = "FILE", description = "NDJSON, a JSON array, or CSV/TSV with a header; "
            + "gzip-compressed too (.gz or by its first bytes).")
    Path file;
    @Option(names = "--format", defaultValue = "auto", description = "auto (by the name: .csv, .tsv; else by the "
            + "first character), ndjson, json, csv or tsv (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--map", split = ",", paramLabel = "FIELD=COLUMN", description = "Read a field from a column "
            + "(or a JSON key) of another name, e.g. --map user_id=userId,item_id=movieId,timestamp=ts.")
    Map<String, String> map = new LinkedHashMap<>();
    @Option(names = "--delimiter", description = "The field separator of a CSV file (default: ',' and tab for .tsv).")
    Character delimiter;
    @Option(names = "--batch", defaultValue = "5000", description = "Records per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    /** The configuration to import with, once it and the file are known to be usable. */
    BriskConfig configFor(Map<String, String> environment) throws CannotStart {
        BriskConfig config;
        try {
            config = BriskConfig.fromEnvironment(environment);
        } catch (ConfigException e) {
            throw new CannotStart(e.getMessage(), 2);
        }
        if (batch < 1) {
            throw new CannotStart("--batch must be at least 1, not " + batch, 2);
        }
        if (!Files.isRegularFile(file)) {
            throw new CannotStart("No such file: " + file, 1);
        }
        return config;
    }

    /** Why an import cannot begin, with the command's exit code. */
    static final class CannotStart extends Exception {
        final int exitCode;

        CannotStart(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /**
     * A record with its mapped fields under their own names: the value of each mapped column moves
     * to its field; other keys stay as they are.
     */
    Map<String, Object> mapped(Map<String, Object> record) {
        if (map.isEmpty()) {
            return record;
        }
        Map<String, Object> out = new LinkedHashMap<>(record);
        for (String column : map.values()) {
            out.remove(column);
        }
        for (Map.Entry<String, String> m : map.entrySet()) {
            Object value = record.get(m.getValue());
            if (value != null) {
                out.put(m.getKey(), value);
            }
        }
        return out;
    }

    /**
     * Says on standard error when the file stopped early or held nothing valid of {@code kind}
     * ("event", "item"); false when nothing was imported, and the command exits with 1.
     */
    boolean reportEnd(InputFile file, String kind, long records, long imported) {
        if (file.stoppedEarly()) {
            System.err.printf("Stopped early: the rest of %s could not be read. What was read before is stored; "
                    + "importing the whole file again stores nothing twice.%n", this.file);
        }
        if (imported == 0) {
            System.err.printf("Nothing imported from %s: no valid %s in %,d records%s%n", this.file, kind, records,
                    records == 0 ? " (is the file empty?)" : "");
            return false;
        }
        return true;
    }
}
