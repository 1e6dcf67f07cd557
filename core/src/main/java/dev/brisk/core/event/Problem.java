package dev.brisk.core.event;

/** One thing wrong with an input: the field it concerns and a message a person can act on. */
public record Problem(String field, String message) {

    @Override
    public String toString() {
        return field == null ? message : field + ": " + message;
    }
}
