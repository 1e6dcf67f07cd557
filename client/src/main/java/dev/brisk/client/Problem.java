package dev.brisk.client;

/** One problem of an entry the service refused: the field at fault (null when the whole entry is), and what is wrong. */
public record Problem(String field, String message) {
}
