package dev.brisk.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the store benchmarks share: their list arguments and the temporary folder each setting writes in. */
final class ScratchFolder {
    private ScratchFolder() {
    }

    /** A comma-separated list of whole numbers. */
    static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Deletes a folder of files (a database with its WAL and shared-memory files). */
    static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
