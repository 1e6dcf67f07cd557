package dev.brisk.core.event;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids the server mints (served lists' request ids, events sent without an id) as version 7 UUIDs
 * (RFC 9562): the first 48 bits are the time in milliseconds, the other 74 free bits random. Ids
 * of one millisecond are unique with overwhelming probability, and ids made later sort later, so
 * a database index on them grows at its end instead of at a random page (as random UUIDs make
 * it). The random bits come from {@link ThreadLocalRandom}, not from a shared secure source
 * that every request would wait on: these ids name things, they are not secrets.
 */
public final class TimeOrderedIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TimeOrderedIds() {
    }

    public static String next() {
        return format(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String format(long millis, ThreadLocalRandom random) {
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        char[] out = new char[36];
        hex(out, 0, high >>> 32, 8);
        out[8] = '-';
        hex(out, 9, high >>> 16, 4);
        out[13] = '-';
        hex(out, 14, high, 4);
        out[18] = '-';
        hex(out, 19, low >>> 48, 4);
        out[23] = '-';
        hex(out, 24, low, 12);
        return new String(out);
    }

    private static void hex(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
