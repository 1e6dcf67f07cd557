package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an import file's format is recognised and its records read, each with the line it starts on. */
class InputFileTest {
    @TempDir
    Path dir;

    private final List<String> seen = new ArrayList<>();

    private InputFile.Format read(String name, String content, String format) throws IOException {
        Path file = Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
        try (InputFile in = InputFile.open(file, format, null)) {
            in.read(new InputFile.Records() {
                @Override
                public void record(long line, Map<String, Object> fields) {
                    seen.add(line + " " + fields);
                }

                @Override
                public void unreadable(long line, String reason) {
                    seen.add(line + " ! " + reason);
                }
            });
            assertThat(in.bytesRead()).isEqualTo(in.size());
            return in.format();
        }
    }

    @Test
    void csvWithAByteOrderMarkAndTsvByName() throws IOException {
        assertThat(read("a.csv", "\uFEFFuser_id,item_id\nu1,i1\nu2\n", "auto")).isEqualTo(InputFile.Format.CSV);
        assertThat(read("b.tsv", "user_id\titem_id\nu3\t\n", "auto")).isEqualTo(InputFile.Format.CSV);
        assertThat(seen).containsExactly("2 {user_id=u1, item_id=i1}", "3 ! has 1 fields, the header has 2",
                "2 {user_id=u3}");
    }

    @Test
    void jsonByItsFirstCharacter() throws IOException {
        assertThat(read("events.txt", "\n  [{\"a\": 1},\n {\"a\": 2}, 3]", "auto")).isEqualTo(InputFile.Format.JSON_ARRAY);
        assertThat(read("events.json", "{\"a\": 1}\n\n{\"a\": 2}\n", "json")).isEqualTo(InputFile.Format.NDJSON);
        assertThat(seen).containsExactly("2 {a=1}", "3 {a=2}", "3 ! must be a JSON object", "1 {a=1}", "3 {a=2}");
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertThatThrownBy(() -> read("x.csv", "a\n", "xml")).hasMessageContaining("one of auto, ndjson, json, csv, tsv");
    }
}
