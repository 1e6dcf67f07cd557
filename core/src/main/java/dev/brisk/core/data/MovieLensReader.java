package dev.brisk.core.data;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MovieLens data sets into items and rating events: the 100K release ({@code u.data},
 * {@code u.item}, optionally {@code u.genre}), the 1M and 10M releases ({@code ratings.dat},
 * {@code movies.dat}, "::"-separated) and the CSV releases ({@code ratings.csv},
 * {@code movies.csv}). Ratings are streamed, so files of any size can be read; the year in a
 * title becomes the item's {@code year} property and its creation time.
 */
public final class MovieLensReader {
    /** The genres of the 100K release, in the order of the flags in {@code u.item}. */
    static final List<String> GENRES_100K = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
            "Sci-Fi", "Thriller", "War", "Western");
    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");
    /** The source of every imported event. */
    public static final String SOURCE = "movielens";

    /** The releases' layouts. */
    public enum Format {
        ML_100K("u.data", "u.item"), DAT("ratings.dat", "movies.dat"), CSV("ratings.csv", "movies.csv");

        final String ratings;
        final String movies;

        Format(String ratings, String movies) {
            this.ratings = ratings;
            this.movies = movies;
        }
    }

    /** Bytes of the ratings file read so far, out of its size. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (read, total) -> { };

        void update(long bytesRead, long totalBytes);
    }

    /** What a read produced. */
    public record Summary(Format format, int items, long ratings, int skippedLines) {
    }

    private final String idPrefix;

    /** {@code idPrefix} goes in front of every user and item id (to keep several data sets apart). */
    public MovieLensReader(String idPrefix) {
        this.idPrefix = idPrefix == null ? "" : idPrefix;
    }

    /** The release found in a folder, or an exception that says which files were looked for. */
    public static Format detect(Path dir) {
        for (Format format : Format.values()) {
            if (Files.isRegularFile(dir.resolve(format.ratings)) && Files.isRegularFile(dir.resolve(format.movies))) {
                return format;
            }
        }
        throw new IllegalArgumentException("No MovieLens files in " + dir + ": expected u.data and u.item (100K), "
                + "ratings.dat and movies.dat (1M, 10M) or ratings.csv and movies.csv (the CSV releases)");
    }

    /** Reads the folder: every item first, then every rating in file order. */
    public Summary read(Path dir, Consumer<Item> items, Consumer<Event> ratings, Progress progress) throws IOException {
        Format format = detect(dir);
        int[] skipped = new int[1];
        int itemCount = readItems(format, dir, items, skipped);
        long ratingCount = readRatings(format, dir.resolve(format.ratings), ratings, progress, skipped);
        return new Summary(format, itemCount, ratingCount, skipped[0]);
    }

    private int readItems(Format format, Path dir, Consumer<Item> sink, int[] skipped) throws IOException {
        List<String> genres = format == Format.ML_100K ? genres100k(dir) : List.of();
        int count = 0;
        boolean header = format == Format.CSV;
        for (String line : text(dir.resolve(format.movies)).split("\r?\n")) {
            if (header) {
                header = false;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            Item item = switch (format) {
                case ML_100K -> item100k(line, genres);
                case DAT -> itemDat(line);
                case CSV -> itemCsv(line);
            };
            if (item == null) {
                skipped[0]++;
            } else {
                sink.accept(item);
                count++;
            }
        }
        return count;
    }

    private Item item100k(String line, List<String> genreNames) {
        String[] f = line.split("\\|", -1);
        if (f.length < 5) {
            return null;
        }
        List<String> genres = new ArrayList<>();
        for (int g = 0; g < genreNames.size() && 5 + g < f.length; g++) {
            if ("1".equals(f[5 + g].trim()) && !"unknown".equals(genreNames.get(g))) {
                genres.add(genreNames.get(g));
            }
        }
        return item(f[0].trim(), f[1].trim(), genres);
    }

    private Item itemDat(String line) {
        String[] f = line.split("::", -1);
        return f.length < 3 ? null : item(f[0].trim(), f[1].trim(), genreList(f[2]));
    }

    private Item itemCsv(String line) {
        List<String> f = csvFields(line);
        return f.size() < 3 ? null : item(f.get(0).trim(), f.get(1).trim(), genreList(f.get(2)));
    }

    private Item item(String id, String title, List<String> genres) {
        if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
            return null;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        long createdAt = 0;
        Matcher year = YEAR.matcher(title);
        if (year.find()) {
            properties.put("year", year.group(1));
            createdAt = LocalDate.of(Integer.parseInt(year.group(1)), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        }
        return new Item(idPrefix + id, title.isEmpty() ? id : title, genres, properties, Math.max(createdAt, 1), true);
    }

    private static List<String> genreList(String field) {
        List<String> out = new ArrayList<>();
        for (String g : field.trim().split("\\|")) {
            String genre = g.trim();
            if (!genre.isEmpty() && !genre.equals("(no genres listed)") && !out.contains(genre)) {
                out.add(genre);
            }
        }
        return out;
    }

    private static List<String> genres100k(Path dir) throws IOException {
        Path file = dir.resolve("u.genre");
        if (!Files.isRegularFile(file)) {
            return GENRES_100K;
        }
        Map<Integer, String> byIndex = new java.util.TreeMap<>();
        for (String line : text(file).split("\r?\n")) {
            String[] f = line.split("\\|");
            if (f.length == 2 && f[1].trim().matches("\\d+")) {
                byIndex.put(Integer.parseInt(f[1].trim()), f[0].trim());
            }
        }
        return byIndex.isEmpty() ? GENRES_100K : List.copyOf(byIndex.values());
    }

    private long readRatings(Format format, Path file, Consumer<Event> sink, Progress progress, int[] skipped)
            throws IOException {
        long total = Files.size(file);
        long read = 0;
        long count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            boolean header = format == Format.CSV;
            String line;
            while ((line = in.readLine()) != null) {
                read += line.length() + 1;
                if (header) {
                    header = false;
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] f = switch (format) {
                    case ML_100K -> line.split("\t");
                    case DAT -> line.split("::");
                    case CSV -> line.split(",");
                };
                Event event = f.length < 4 ? null : rating(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim());
                if (event == null) {
                    skipped[0]++;
                    continue;
                }
                sink.accept(event);
                if (++count % 10_000 == 0) {
                    progress.update(Math.min(read, total), total);
                }
            }
        }
        progress.update(total, total);
        return count;
    }

    private Event rating(String user, String item, String rating, String seconds) {
        try {
            double value = Double.parseDouble(rating);
            long time = Long.parseLong(seconds) * 1000;
            if (!(value >= 0.5 && value <= 5.0) || user.isEmpty() || item.isEmpty()) {
                return null;
            }
            return new Event("ml:" + idPrefix + user + ":" + item, idPrefix + user, idPrefix + item, EventType.RATING,
                    value, time, null, SOURCE, null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits one CSV line: commas outside quotes, with "" as an escaped quote. */
    static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    /** A small text file as UTF-8, or Latin-1 when it is not valid UTF-8 (the older releases). */
    static String text(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
