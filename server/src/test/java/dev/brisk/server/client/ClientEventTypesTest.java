package dev.brisk.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.client.BriskClient;
import dev.brisk.client.Event;
import dev.brisk.client.EventType;
import dev.brisk.client.EventsRejectedException;
import dev.brisk.client.ItemInput;
import dev.brisk.client.StoredEvent;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event types the operator declares travel through the client like the built-ins. */
class ClientEventTypesTest {

    @TempDir
    Path dir;

    @Test
    void aDeclaredTypeIsSentStoredAndFilteredOnAndAnUndeclaredOneIsRefused() {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_EVENT_TYPES", "star,share"))) {
            BriskClient brisk = Clients.of(service, null).build();
            brisk.items().putAll(List.of(ItemInput.of("i1", "One"), ItemInput.of("i2", "Two")));
            EventType share = EventType.of("share");
            assertThat(brisk.events().send(List.of(Event.of("u1", "i1", share), Event.of("u1", "i2", EventType.VIEW)))
                    .accepted()).isEqualTo(2);

            List<StoredEvent> shared = brisk.users().activity("u1", null, null, share).events();
            assertThat(shared).singleElement().satisfies(e -> {
                assertThat(e.eventType()).isEqualTo("share");
                assertThat(e.itemId()).isEqualTo("i1");
            });
            assertThat(brisk.users().profile("u1").counts()).containsEntry("share", 1L);

            assertThatThrownBy(() -> brisk.events().send(Event.of("u1", "i1", EventType.of("poke"))))
                    .isInstanceOfSatisfying(EventsRejectedException.class, e -> assertThat(e.rejections())
                            .singleElement().satisfies(r -> assertThat(r.problems())
                                    .anySatisfy(p -> assertThat(p.field()).isEqualTo("event_type"))));
        }
    }
}
