package dev.brisk.bench.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills an empty database with generated interactions the way an operator would: {@code brisk
 * generate} writes seeded items and events, {@code brisk import items} and {@code brisk import
 * events} load them through the product's own import path. Each step is the {@code brisk} script in
 * a process of its own; the loading processes get a heap of their own ({@code loaderHeap}), since
 * the generator holds every event in memory before writing.
 */
record GeneratedData(int events, int users, int items) {
    /** About 100 events per user and 500 per item, never fewer than the users and items the mixed load names. */
    static GeneratedData of(int events) {
        return new GeneratedData(events, Math.max(1_000, events / 100), Math.max(1_200, events / 500));
    }

    void load(Path script, Map<String, String> env, String loaderHeap, Path folder, Path log)
            throws IOException, InterruptedException {
        Path out = folder.resolve("generated");
        run(script, env, loaderHeap, log, "generate", "--out", out.toString(), "--events", Integer.toString(events),
                "--users", Integer.toString(users), "--items", Integer.toString(items));
        run(script, env, loaderHeap, log, "import", "items", out.resolve("items.json").toString());
        run(script, env, loaderHeap, log, "import", "events", out.resolve("events.ndjson").toString());
    }

    private static void run(Path script, Map<String, String> env, String heap, Path log, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BRISK_"));
        builder.environment().putAll(env);
        builder.environment().put("BRISK_HEAP", heap);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("brisk " + String.join(" ", args) + " failed (exit " + exit + "); see " + log);
        }
    }
}
