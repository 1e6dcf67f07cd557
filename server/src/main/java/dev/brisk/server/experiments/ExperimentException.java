package dev.brisk.server.experiments;

import java.util.List;

/** Why an experiment could not be created or changed: invalid (every problem listed) or in conflict. */
public final class ExperimentException extends RuntimeException {
    /** What kind of refusal: the HTTP layer answers 400 or 409. */
    public enum Kind { INVALID, CONFLICT }

    private final Kind kind;
    private final List<String> problems;

    public ExperimentException(Kind kind, String message, List<String> problems) {
        super(message, null, false, false);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> problems() {
        return problems;
    }
}
