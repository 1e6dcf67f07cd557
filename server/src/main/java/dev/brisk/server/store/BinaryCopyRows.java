package dev.brisk.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, written straight into bytes: the values need no
 * text form, no escaping and no parsing by the database.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private byte[] bytes;
    private int size;

    BinaryCopyRows(int expectedBytes) {
        bytes = new byte[Math.max(64, expectedBytes)];
        raw(SIGNATURE);
        int32(0); // flags
        int32(0); // header extension length
    }

    /** Starts a row of {@code fields} values. */
    BinaryCopyRows row(int fields) {
        int16(fields);
        return this;
    }

    BinaryCopyRows int8(long value) {
        int32(8);
        int64(value);
        return this;
    }

    /** A {@code double precision} value, or NULL. */
    BinaryCopyRows float8(Double value) {
        if (value == null) {
            return nullValue();
        }
        int32(8);
        int64(Double.doubleToRawLongBits(value));
        return this;
    }

    /** A {@code text} value in UTF-8, or NULL. */
    BinaryCopyRows text(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        raw(utf8);
        return this;
    }

    BinaryCopyRows nullValue() {
        int32(-1);
        return this;
    }

    /** Ends the rows with the format's trailer; nothing is to be added afterwards. */
    BinaryCopyRows finish() {
        int16(-1);
        return this;
    }

    /** The bytes written; only the first {@link #size()} of them hold rows. */
    byte[] buffer() {
        return bytes;
    }

    int size() {
        return size;
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    private void int16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    private void int64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
