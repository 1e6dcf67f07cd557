package dev.brisk.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.client.BriskClient;
import dev.brisk.client.Event;
import dev.brisk.client.EventBatcher;
import dev.brisk.client.EventType;
import dev.brisk.client.RecommendRequest;
import dev.brisk.client.RecommendationList;
import dev.brisk.server.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java client example is these lines (between the readme-begin and readme-end
 * markers): they compile with the build, the usage part runs against a real service, and the
 * README is checked to show them as they are here.
 */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/brisk/server/client/ReadmeExampleTest.java");
    private static final Path README = Path.of("../README.md");

    @TempDir
    Path dir;

    /** Compiled, not run: it names the default port of a local service. */
    static BriskClient connect() {
        // readme-begin
        BriskClient brisk = BriskClient.builder()
                .baseUrl("http://localhost:8000")
                .apiKey(System.getenv("BRISK_API_KEY")) // leave it unset when the API has no keys
                .build();
        // readme-end
        return brisk;
    }

    static RecommendationList use(BriskClient brisk) {
        // readme-begin
        brisk.events().send(Event.of("u42", "i17", EventType.CLICK));
        try (EventBatcher batcher = brisk.events().batcher(500, Duration.ofMillis(200))) {
            batcher.add(Event.rating("u42", "i18", 4.5)); // sent with up to 499 others, or after 200 ms
        }
        RecommendationList list = brisk.recommendations().forUser(RecommendRequest.forUser("u42").n(5));
        list.items().forEach(item -> System.out.println(item.rank() + ". " + item.title() + ": " + item.explanation()));
        // readme-end
        return list;
    }

    @Test
    void theExampleRunsAgainstAService() {
        assertThat(connect()).isNotNull();
        try (TestService service = TestService.start(dir)) {
            service.putItems("i", 30);
            List<java.util.Map<String, Object>> others = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                others.add(TestService.event("other" + i % 3, "i" + i, "view", null));
            }
            service.sendEvents(others);
            service.retrainPopular();
            RecommendationList list = use(Clients.of(service, null).build());
            assertThat(list.userId()).isEqualTo("u42");
            assertThat(list.items()).hasSize(5);
            assertThat(service.storedEvents("u42")).isEqualTo(2);
        }
    }

    @Test
    void theReadmeShowsTheExampleAsItIsHere() throws Exception {
        List<String> example = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(SOURCE)) {
            if (line.strip().equals("// readme-begin")) {
                inside = true;
            } else if (line.strip().equals("// readme-end")) {
                inside = false;
            } else if (inside) {
                example.add(line.length() >= 8 ? line.substring(8) : line.strip());
            }
        }
        assertThat(example).hasSizeBetween(8, 12);
        String block = "```java\n" + String.join("\n", example) + "\n```";
        assertThat(Files.readString(README)).as("the README's Java client example").contains(block);
    }
}
