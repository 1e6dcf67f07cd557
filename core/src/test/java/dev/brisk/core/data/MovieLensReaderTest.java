package dev.brisk.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test writes a tiny data set in one release's format, byte for byte as the release does. */
class MovieLensReaderTest {
    @TempDir
    Path dir;

    private final List<Item> items = new ArrayList<>();
    private final List<Event> ratings = new ArrayList<>();

    private MovieLensReader.Summary read(String prefix) throws IOException {
        return new MovieLensReader(prefix).read(dir, items::add, ratings::add, MovieLensReader.Progress.NONE);
    }

    @Test
    void reads100k() throws IOException {
        // u.item: id|title|release|video release|IMDb URL|19 genre flags (unknown, Action, Adventure, Animation, ...).
        Files.write(dir.resolve("u.item"), ("1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                + "2|Caf\u00e9 Society (1996)|01-Jan-1996||http://x|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("u.data"), "196\t1\t3\t881250949\n186\t2\t5\t891717742\nbroken line\n");

        MovieLensReader.Summary summary = read("");

        assertThat(summary.format()).isEqualTo(MovieLensReader.Format.ML_100K);
        assertThat(summary.items()).isEqualTo(2);
        assertThat(summary.ratings()).isEqualTo(2);
        assertThat(summary.skippedLines()).isEqualTo(1);
        assertThat(items.get(0).genres()).containsExactly("Animation", "Children's", "Comedy");
        assertThat(items.get(0).properties()).containsEntry("year", "1995");
        assertThat(items.get(1).title()).isEqualTo("Caf\u00e9 Society (1996)");
        assertThat(items.get(1).genres()).containsExactly("Action", "Thriller");
        Event first = ratings.get(0);
        assertThat(first.userId()).isEqualTo("196");
        assertThat(first.itemId()).isEqualTo("1");
        assertThat(first.type()).isEqualTo(EventType.RATING);
        assertThat(first.rating()).isEqualTo(3.0);
        assertThat(first.timestamp()).isEqualTo(881_250_949_000L);
        assertThat(first.eventId()).isEqualTo("ml:196:1");
        assertThat(first.source()).isEqualTo("movielens");
    }

    @Test
    void reads1mDatFiles() throws IOException {
        Files.write(dir.resolve("movies.dat"), "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("ratings.dat"), "1::1::5::978300760\n1::2::3::978302109\n2::1::4::978298413\n");

        MovieLensReader.Summary summary = read("ml-");

        assertThat(summary.format()).isEqualTo(MovieLensReader.Format.DAT);
        assertThat(items).extracting(Item::itemId).containsExactly("ml-1", "ml-2");
        assertThat(items.get(0).genres()).containsExactly("Animation", "Children's", "Comedy");
        assertThat(ratings).hasSize(3);
        assertThat(ratings.get(2).userId()).isEqualTo("ml-2");
        assertThat(ratings.get(2).rating()).isEqualTo(4.0);
    }

    @Test
    void readsCsvReleasesWithQuotedTitlesAndHalfStars() throws IOException {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n"
                + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n"
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                + "99,\"The \"\"Quoted\"\" One (2001)\",(no genres listed)\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,11,3.5,1112486027\n2,1,0.5,1112484676\n");

        MovieLensReader.Summary summary = read("");

        assertThat(summary.format()).isEqualTo(MovieLensReader.Format.CSV);
        assertThat(items).extracting(Item::title)
                .containsExactly("Toy Story (1995)", "American President, The (1995)", "The \"Quoted\" One (2001)");
        assertThat(items.get(1).genres()).containsExactly("Comedy", "Drama", "Romance");
        assertThat(items.get(2).genres()).isEmpty();
        assertThat(items.get(2).properties()).containsEntry("year", "2001");
        assertThat(ratings).extracting(Event::rating).containsExactly(3.5, 0.5);
    }

    @Test
    void saysWhatItLooksForInAFolderWithoutMovieLensFiles() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "nothing here");
        assertThatThrownBy(() -> read("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u.data").hasMessageContaining("ratings.csv");
    }

    @Test
    void reportsProgressUpToTheWholeFile() throws IOException {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,A (2000),Drama\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1112486027\n");
        long[] last = new long[2];
        new MovieLensReader("").read(dir, items::add, ratings::add, (read, total) -> {
            last[0] = read;
            last[1] = total;
        });
        assertThat(last[0]).isEqualTo(last[1]).isEqualTo(Files.size(dir.resolve("ratings.csv")));
    }
}
