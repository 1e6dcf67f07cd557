package dev.brisk.core.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/** The rules every identifier (user, item, event, session) follows on the wire. */
public final class Ids {
    public static final int MAX_LENGTH = 128;

    private Ids() {
    }

    /**
     * Reads an id given as a string or as an integral number (kept as its decimal text).
     * Returns the problem's message, or empty when the id is acceptable.
     */
    public static Optional<String> problemWith(Object raw) {
        if (raw == null) {
            return Optional.of("is required");
        }
        if (raw instanceof Number number) {
            if (!isIntegral(number)) {
                return Optional.of("must be a string or an integer, got " + raw);
            }
            return problemWithText(text(raw));
        }
        if (!(raw instanceof String text)) {
            return Optional.of("must be a string or an integer");
        }
        return problemWithText(text);
    }

    /** The checks for an id that already is text: not blank, not too long, no control characters. */
    public static Optional<String> problemWithText(String text) {
        if (text.isBlank()) {
            return Optional.of("must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters, got " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return Optional.of("must not contain control characters");
            }
        }
        if (!isValidUnicode(text)) {
            return Optional.of("must be valid Unicode (it holds a lone UTF-16 surrogate)");
        }
        return Optional.empty();
    }

    /**
     * Whether text is well-formed Unicode: no surrogate without its pair (which a database would
     * store as '?', making two different ids one) and no NUL (which PostgreSQL cannot store).
     */
    public static boolean isValidUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The canonical text of an accepted id. */
    public static String text(Object raw) {
        if (raw instanceof BigDecimal decimal) {
            return decimal.toBigIntegerExact().toString();
        }
        if (raw instanceof Double || raw instanceof Float) {
            return Long.toString(((Number) raw).longValue());
        }
        return raw.toString();
    }

    private static boolean isIntegral(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            return true;
        }
        if (number instanceof BigDecimal decimal) {
            // A huge exponent would make an enormous integer; no id is longer than MAX_LENGTH digits.
            BigDecimal stripped = decimal.stripTrailingZeros();
            return stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_LENGTH;
        }
        double value = number.doubleValue();
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }
}
