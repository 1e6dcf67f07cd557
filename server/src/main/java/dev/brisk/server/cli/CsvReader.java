package dev.brisk.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads delimited text as RFC 4180 describes it: fields in double quotes may hold the delimiter,
 * line breaks and doubled quotes. One record at a time, so a file of any size takes little memory.
 */
final class CsvReader {
    /** The most characters one field may hold, so that a missing closing quote cannot fill the memory. */
    static final int MAX_FIELD = 1 << 20;

    private final Reader in;
    private final char delimiter;
    private long line = 1;
    private long recordLine;
    private int pushedBack = -2;
    private int last = -1;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The line on which the record last returned by {@link #next} starts. */
    long recordLine() {
        return recordLine;
    }

    /** The next record that is not an empty line, or null at the end of the input. */
    List<String> next() throws IOException {
        while (true) {
            recordLine = line;
            List<String> record = readRecord();
            if (record == null) {
                return null;
            }
            if (!(record.size() == 1 && record.get(0).isEmpty())) {
                return record;
            }
        }
    }

    private List<String> readRecord() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException("a quoted field opened on line " + recordLine + " is never closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    append(field, c);
                }
            } else if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        unread(after);
                    }
                }
                fields.add(field.toString());
                return fields;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                append(field, c);
            }
            c = read();
        }
    }

    private void append(StringBuilder field, int c) {
        if (field.length() >= MAX_FIELD) {
            throw new MalformedCsvException("a field starting on line " + recordLine + " is longer than "
                    + MAX_FIELD + " characters");
        }
        field.append((char) c);
    }

    private int read() throws IOException {
        int c;
        if (pushedBack != -2) {
            c = pushedBack;
            pushedBack = -2;
            return c;
        }
        c = in.read();
        if (c == '\r' || c == '\n' && last != '\r') {
            line++; // "\r\n" is one line break
        }
        last = c;
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }

    /** The input is not well-formed delimited text; reading cannot go on past this point. */
    static final class MalformedCsvException extends RuntimeException {
        MalformedCsvException(String message) {
            super(message);
        }
    }
}
