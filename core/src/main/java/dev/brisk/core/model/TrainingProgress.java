package dev.brisk.core.model;

/** Receives a training run's progress: the phase it is in and how far through it ("als", 3, 10). */
@FunctionalInterface
public interface TrainingProgress {
    TrainingProgress NONE = (phase, done, total) -> { };

    void report(String phase, long done, long total);
}
