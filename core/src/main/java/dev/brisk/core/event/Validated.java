package dev.brisk.core.event;

import java.util.List;

/** The outcome of validating one input: a value, or every problem found in it. */
public record Validated<T>(T value, List<Problem> problems) {

    public static <T> Validated<T> ok(T value) {
        return new Validated<>(value, List.of());
    }

    public static <T> Validated<T> failed(List<Problem> problems) {
        return new Validated<>(null, List.copyOf(problems));
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** All problems joined into one readable sentence. */
    public String summary() {
        return String.join("; ", problems.stream().map(Problem::toString).toList());
    }
}
