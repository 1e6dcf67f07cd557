package dev.brisk.server.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.brisk.server.http.JsonTexts;
import dev.brisk.server.store.Json;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A file to import, read as a stream of records: NDJSON (one JSON object per line), a JSON array
 * of objects, or CSV/TSV with a header line; gzip-compressed when its name ends in {@code .gz} or
 * its first bytes say so. Each record comes with the line it starts on; memory stays bounded
 * whatever the file's size. Progress is the share of the file's bytes read (compressed bytes for
 * a gzip file).
 */
final class InputFile implements Closeable {
    /** Reads one element of an array at a time; the elements after it are not trailing garbage. */
    private static final ObjectReader ELEMENT = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** How a file's records are written. */
    enum Format { NDJSON, JSON_ARRAY, CSV }

    /** Receives each record of a file, or the reason a line could not be read as one. */
    interface Records {
        void record(long line, Map<String, Object> fields);

        void unreadable(long line, String reason);
    }

    private final Path path;
    private final long size;
    private final CountingStream counted;
    private final InputStream content;
    private final boolean gzip;
    private final Format format;
    private final char delimiter;
    private boolean stoppedEarly;

    private InputFile(Path path, long size, CountingStream counted, InputStream content, boolean gzip, Format format,
                      char delimiter) {
        this.path = path;
        this.size = size;
        this.counted = counted;
        this.content = content;
        this.gzip = gzip;
        this.format = format;
        this.delimiter = delimiter;
    }

    /**
     * Opens a file; {@code format} is {@code auto} (by the name, else by the first character),
     * {@code ndjson}, {@code json} (NDJSON or an array, by the first character), {@code csv} or
     * {@code tsv}. {@code delimiter}, when not null, overrides a CSV file's comma.
     */
    static InputFile open(Path path, String format, Character delimiter) throws IOException {
        long size = Files.size(path);
        CountingStream counted = new CountingStream(Files.newInputStream(path));
        InputStream raw = new BufferedInputStream(counted, 1 << 16);
        try {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean gzip = name.endsWith(".gz") || startsWithGzipMagic(raw);
            InputStream content = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            String bare = gzip && name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
            String chosen = format.toLowerCase(Locale.ROOT);
            boolean tsv = chosen.equals("tsv") || chosen.equals("auto") && bare.endsWith(".tsv");
            Format detected = switch (chosen) {
                case "csv", "tsv" -> Format.CSV;
                case "ndjson", "json" -> firstCharacter(content) == '[' ? Format.JSON_ARRAY : Format.NDJSON;
                case "auto" -> bare.endsWith(".csv") || bare.endsWith(".tsv") ? Format.CSV : byFirstCharacter(content);
                default -> throw new IllegalArgumentException("Unknown format '" + format
                        + "'; one of auto, ndjson, json, csv, tsv");
            };
            char sep = delimiter != null ? delimiter : tsv ? '\t' : ',';
            return new InputFile(path, size, counted, content, gzip, detected, sep);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    Format format() {
        return format;
    }

    boolean gzip() {
        return gzip;
    }

    /** Whether reading stopped before the end of the file (damaged or cut short). */
    boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** How the file is read, for people: "csv, gzip", "json array", ... */
    String describe() {
        return format.name().toLowerCase(Locale.ROOT).replace('_', ' ') + (gzip ? ", gzip" : "");
    }

    /** The file's size in bytes, as stored. */
    long size() {
        return size;
    }

    /** Bytes of the file read so far, as stored. */
    long bytesRead() {
        return Math.min(counted.count, size);
    }

    /** Reads every record into {@code records}; stops early only where the file cannot be read further. */
    void read(Records records) {
        long[] last = {0};
        Records tracked = new Records() {
            @Override
            public void record(long line, Map<String, Object> fields) {
                last[0] = line;
                records.record(line, fields);
            }

            @Override
            public void unreadable(long line, String reason) {
                last[0] = line;
                records.unreadable(line, reason);
            }
        };
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16);
            skipByteOrderMark(reader);
            switch (format) {
                case NDJSON -> readNdjson(reader, tracked);
                case JSON_ARRAY -> readJsonArray(reader, tracked);
                case CSV -> readCsv(reader, tracked);
            }
        } catch (IOException e) {
            // A truncated download, a damaged gzip stream: what was read before stays read.
            stoppedEarly = true;
            records.unreadable(last[0] + 1, "the file cannot be read from here on: " + e.getMessage());
        }
    }

    private static void readNdjson(BufferedReader reader, Records records) throws IOException {
        long line = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                object(Json.MAPPER.readTree(text), line, records);
            } catch (JsonProcessingException e) {
                records.unreadable(line, "not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    private void readJsonArray(Reader reader, Records records) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                records.unreadable(1, "a JSON file must hold one array of objects, or one object per line");
                return;
            }
            long line = 1;
            try {
                for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    line = parser.currentTokenLocation().getLineNr();
                    JsonNode node = ELEMENT.readTree(parser);
                    object(node, line, records);
                }
            } catch (JsonProcessingException e) {
                stoppedEarly = true;
                records.unreadable(e.getLocation() != null ? e.getLocation().getLineNr() : line,
                        "not valid JSON: " + e.getOriginalMessage() + "; the rest of the file cannot be read");
            }
        }
    }

    private static void object(JsonNode node, long line, Records records) {
        if (node == null || !node.isObject()) {
            records.unreadable(line, "must be a JSON object");
            return;
        }
        Optional<String> badText = JsonTexts.problem(node);
        if (badText.isPresent()) {
            records.unreadable(line, badText.get());
            return;
        }
        records.record(line, Json.MAPPER.convertValue(node, Json.MAP_TYPE));
    }

    private void readCsv(Reader reader, Records records) throws IOException {
        CsvReader csv = new CsvReader(reader, delimiter);
        try {
            List<String> header = csv.next();
            if (header == null) {
                return;
            }
            header = header.stream().map(String::trim).toList();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() != header.size()) {
                    records.unreadable(csv.recordLine(), "has " + row.size() + " fields, the header has " + header.size());
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    if (!row.get(i).isEmpty()) {
                        fields.put(header.get(i), row.get(i));
                    }
                }
                records.record(csv.recordLine(), fields);
            }
        } catch (CsvReader.MalformedCsvException e) {
            stoppedEarly = true;
            records.unreadable(csv.recordLine(), e.getMessage() + "; the rest of the file cannot be read");
        }
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }

    private static Format byFirstCharacter(InputStream in) throws IOException {
        int c = firstCharacter(in);
        return c == '[' ? Format.JSON_ARRAY : c == '{' ? Format.NDJSON : Format.CSV;
    }

    /** The first character that is not white space or a byte-order mark, without consuming it. */
    private static int firstCharacter(InputStream in) throws IOException {
        in.mark(1 << 15);
        try {
            for (int i = 0; i < 1 << 15; i++) {
                int c = in.read();
                if (c == -1 || !(Character.isWhitespace(c) || c == 0xEF || c == 0xBB || c == 0xBF)) {
                    return c;
                }
            }
            return -1;
        } finally {
            in.reset();
        }
    }

    private static void skipByteOrderMark(Reader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** Counts the bytes read from the file, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
