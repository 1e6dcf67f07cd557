package dev.brisk.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 fields and the line each record starts on. */
class CsvReaderTest {

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n"
                + "2,\"two\nlines\",\n3,,last"), ',');
        assertThat(csv.next()).containsExactly("a", "b", "c");
        assertThat(csv.recordLine()).isEqualTo(1);
        assertThat(csv.next()).containsExactly("1", "x, y", "say \"hi\"");
        assertThat(csv.recordLine()).isEqualTo(2);
        assertThat(csv.next()).containsExactly("2", "two\nlines", "");
        assertThat(csv.recordLine()).isEqualTo(4);
        assertThat(csv.next()).containsExactly("3", "", "last");
        assertThat(csv.recordLine()).isEqualTo(6);
        assertThat(csv.next()).isNull();
    }

    @Test
    void tabsAndAnUnclosedQuote() throws IOException {
        CsvReader tsv = new CsvReader(new StringReader("a\tb\n1\t2\n"), '\t');
        assertThat(tsv.next()).isEqualTo(List.of("a", "b"));
        assertThat(tsv.next()).isEqualTo(List.of("1", "2"));
        CsvReader broken = new CsvReader(new StringReader("a\n\"open\n"), ',');
        broken.next();
        assertThatThrownBy(broken::next).hasMessageContaining("line 2").hasMessageContaining("never closed");
    }
}
