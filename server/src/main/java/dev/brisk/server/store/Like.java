package dev.brisk.server.store;

/** Text searched with SQL {@code LIKE ... ESCAPE '\'}: its wildcards match themselves. */
final class Like {
    private Like() {
    }

    /** The text with {@code \}, {@code %} and {@code _} escaped. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
