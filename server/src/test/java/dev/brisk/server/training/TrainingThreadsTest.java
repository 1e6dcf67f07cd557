package dev.brisk.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serving instance trains on the threads it was configured with, made once by the composition
 * root at the lowest priority: the trainer's own thread and a pool for the rest, the same threads
 * from one run to the next, gone when the service stops.
 */
class TrainingThreadsTest {
    @TempDir
    Path dir;

    @Test
    void runsUseTheConfiguredThreadsAtTheLowestPriorityAndTheSameOnesEachTime() {
        Set<Long> others = trainingThreads().keySet(); // left by other services of this JVM, if any
        Map<Long, Thread> during;
        try (TestService service = TestService.start(dir, true, Map.of("BRISK_TRAIN_THREADS", "3",
                "BRISK_VALIDATION_USERS", "0"))) {
            awaitReady(service);
            during = ours(others);
            assertThat(during.values().stream().map(Thread::getName).sorted().toList())
                    .as("threads of the first runs").containsExactly("brisk-train-worker", "brisk-train-worker-2",
                            "brisk-trainer");
            assertThat(during.values()).allSatisfy(t -> assertThat(t.getPriority()).as(t.getName())
                    .isEqualTo(Thread.MIN_PRIORITY));

            String before = service.modelVersion("als");
            assertThat(service.post("/models/als/train", "").status()).isEqualTo(202);
            assertThat(TestService.eventually(Duration.ofSeconds(180),
                    () -> !service.modelVersion("als").equals(before) && ready(service)))
                    .as("als trained again: %s", service.get("/models").text()).isTrue();
            assertThat(ours(others).keySet()).as("the threads after another run").isEqualTo(during.keySet());
        }
        assertThat(TestService.eventually(Duration.ofSeconds(10), () -> ours(others).isEmpty()))
                .as("training threads left after the service stopped: %s", ours(others)).isTrue();
    }

    private static void awaitReady(TestService service) {
        assertThat(TestService.eventually(Duration.ofSeconds(180), () -> ready(service)))
                .as("every model trained: %s", service.get("/models").text()).isTrue();
    }

    private static boolean ready(TestService service) {
        for (JsonNode m : service.get("/models").expect(200).path("models")) {
            if (!m.path("state").asText().equals("ready") || m.path("queued").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** The live training threads of this JVM by id, but those in {@code others}. */
    private static Map<Long, Thread> ours(Set<Long> others) {
        Map<Long, Thread> ours = new TreeMap<>(trainingThreads());
        ours.keySet().removeAll(others);
        return ours;
    }

    private static Map<Long, Thread> trainingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("brisk-train"))
                .collect(Collectors.toMap(Thread::getId, t -> t));
    }
}
