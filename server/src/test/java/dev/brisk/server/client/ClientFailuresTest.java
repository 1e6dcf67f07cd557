package dev.brisk.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.brisk.client.BriskAuthException;
import dev.brisk.client.BriskClient;
import dev.brisk.client.BriskValidationException;
import dev.brisk.client.Event;
import dev.brisk.client.EventRejection;
import dev.brisk.client.EventType;
import dev.brisk.client.EventsRejectedException;
import dev.brisk.client.RetryNotice;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client throws when the service refuses: invalid events with their index and every
 * problem (and whether the others were stored), a missing or wrong key, a role too low — each in
 * the service's error shape, and none of them retried.
 */
class ClientFailuresTest {
    private static final String ADMIN = "client-failures-admin-key-0123456789ab";

    @TempDir
    static Path dir;
    static TestService service;
    static final List<RetryNotice> retries = new CopyOnWriteArrayList<>();
    static BriskClient brisk;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_ADMIN_KEY", ADMIN));
        brisk = Clients.of(service, ADMIN).onRetry(retries::add).build();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aBatchWithABadEventNamesItByIndexAndStoresTheOthers() {
        List<Event> batch = List.of(Event.of("bad-batch", "i1", EventType.VIEW),
                Event.of("bad-batch", "i2", EventType.RATING), // a rating without its rating
                Event.of("bad-batch", "i3", EventType.CLICK));
        EventsRejectedException e = catchThrowableOfType(EventsRejectedException.class, () -> brisk.events().send(batch));
        assertThat(e.rejections()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.problems()).extracting(p -> p.field()).contains("rating");
        });
        assertThat(e.result().accepted()).as("the valid events of a partial batch").isEqualTo(2);
        assertThat(e.getMessage()).contains("rating");
        assertThat(stored("bad-batch")).containsExactlyInAnyOrder(batch.get(0).eventId(), batch.get(2).eventId());
        assertThat(retries).isEmpty();
    }

    @Test
    void aBatchWithNothingValidIsA400WithEveryRejection() {
        List<Event> batch = List.of(Event.rating("all-bad", "i1", 9), Event.of("all-bad", "i2", EventType.RATING));
        EventsRejectedException e = catchThrowableOfType(EventsRejectedException.class, () -> brisk.events().send(batch));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_input");
        assertThat(e.details().path("rejected").size()).as("the service's details are kept").isEqualTo(2);
        assertThat(e.rejections()).extracting(EventRejection::index).containsExactly(0, 1);
        assertThat(e.rejections()).allSatisfy(r -> assertThat(r.problems()).isNotEmpty());
        assertThat(e.result().accepted()).isZero();
        assertThat(stored("all-bad")).isEmpty();
    }

    @Test
    void aSingleBadEventCarriesItsProblems() {
        EventsRejectedException e = catchThrowableOfType(EventsRejectedException.class,
                () -> brisk.events().send(Event.rating("single-bad", "i1", 0.1)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problems()).extracting(p -> p.field()).containsExactly("rating");
        assertThat(e.rejections()).singleElement().satisfies(r -> assertThat(r.problems()).isEqualTo(e.problems()));
    }

    @Test
    void aStreamReportsBadEventsByTheirPlaceInTheWholeStream() {
        BriskClient chunked = Clients.of(service, ADMIN).maxBatchEvents(4).build();
        List<Event> events = new ArrayList<>(IntStream.range(0, 10)
                .mapToObj(i -> Event.of("bad-stream", "i" + i, EventType.VIEW)).toList());
        events.set(6, Event.of("bad-stream", "i6", EventType.RATING));
        EventsRejectedException e = catchThrowableOfType(EventsRejectedException.class, () -> chunked.events().stream(events));
        assertThat(e.rejections()).extracting(EventRejection::index).containsExactly(6);
        assertThat(e.result().accepted()).isEqualTo(9);
        assertThat(stored("bad-stream")).hasSize(9);
    }

    @Test
    void aWrongKeyIsAnAuthFailureAndSoIsARoleTooLow() {
        BriskClient wrong = Clients.of(service, "not-a-key-of-this-service").onRetry(retries::add).build();
        BriskAuthException unauthorized = catchThrowableOfType(BriskAuthException.class,
                () -> wrong.events().send(Event.of("nobody", "i1", EventType.VIEW)));
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.code()).isEqualTo("unauthorized");
        assertThat(unauthorized.getMessage()).contains("not valid");

        BriskAuthException none = catchThrowableOfType(BriskAuthException.class,
                () -> Clients.of(service, null).build().recommendations().forUser("u1", 3));
        assertThat(none.status()).isEqualTo(401);

        String readKey = brisk.keys().create("read", "failures-reader").key();
        BriskAuthException forbidden = catchThrowableOfType(BriskAuthException.class,
                () -> Clients.of(service, readKey).build().models().list());
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.details().path("required_role").asText()).isEqualTo("admin");
        assertThat(retries).isEmpty();
        assertThat(stored("nobody")).isEmpty();
    }

    @Test
    void anInvalidQueryIsAValidationFailure() {
        BriskValidationException e = catchThrowableOfType(BriskValidationException.class,
                () -> brisk.recommendations().popular(0, null, null));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isNotBlank();
    }

    private static List<String> stored(String userId) {
        List<String> ids = new ArrayList<>();
        brisk.users().allActivity(userId, 100).forEach(e -> ids.add(e.eventId()));
        return ids;
    }
}
