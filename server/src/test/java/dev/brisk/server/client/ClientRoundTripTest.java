package dev.brisk.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.client.ActivityPage;
import dev.brisk.client.BriskClient;
import dev.brisk.client.BriskException;
import dev.brisk.client.BriskValidationException;
import dev.brisk.client.EventsRejectedException;
import dev.brisk.client.BriskNotFoundException;
import dev.brisk.client.Event;
import dev.brisk.client.EventType;
import dev.brisk.client.Experiment;
import dev.brisk.client.ExperimentInput;
import dev.brisk.client.IngestResult;
import dev.brisk.client.Item;
import dev.brisk.client.ItemInput;
import dev.brisk.client.ItemPatch;
import dev.brisk.client.KeyCreated;
import dev.brisk.client.RecommendRequest;
import dev.brisk.client.RecommendationList;
import dev.brisk.client.SessionInteraction;
import dev.brisk.client.SessionRequest;
import dev.brisk.client.StoredEvent;
import dev.brisk.client.User;
import dev.brisk.client.UserInput;
import dev.brisk.server.TestService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call family of the Java client against a running Brisk (a small catalog, a dozen users
 * with overlapping tastes, every model trained on them), through an admin key sent the way the
 * service expects it: what goes in comes back out, typed.
 */
class ClientRoundTripTest {
    private static final String ADMIN = "client-round-trip-admin-key-0123456789";

    @TempDir
    static Path dir;
    static TestService service;
    static BriskClient brisk;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_DEFAULT_MODEL", "popular", "BRISK_ADMIN_KEY", ADMIN));
        brisk = Clients.of(service, ADMIN).build();
        List<ItemInput> items = IntStream.rangeClosed(1, 40).mapToObj(i -> ItemInput.of("i" + i, "Title " + i)
                .genres(List.of(i % 2 == 0 ? "Drama" : "Comedy"))).toList();
        brisk.items().putAll(items);
        List<Event> history = new ArrayList<>();
        for (int u = 1; u <= 12; u++) {
            for (int k = 0; k < 6; k++) {
                history.add(Event.of("u" + u, "i" + (u + k), k % 3 == 0 ? EventType.PURCHASE : EventType.VIEW)
                        .withSessionId("u" + u + "-s").withTimestamp(Instant.now().minusSeconds(600 - k)));
            }
        }
        brisk.events().send(history);
        brisk.models().list().models().forEach(m -> brisk.models().train(m.type()));
        // TestService's own wait has no key: ask through the client.
        boolean trained = TestService.eventually(Duration.ofSeconds(120), () -> brisk.models().list().models().stream()
                .allMatch(m -> "ready".equals(m.state()) && !Boolean.TRUE.equals(m.queued())
                        && m.interactions() != null && m.interactions() >= history.size()));
        assertThat(trained).as("every model trained on the history: %s", brisk.models().list()).isTrue();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void eventsOneByOneInABatchAndStreamedAreStoredOnceEach() {
        Event first = Event.of("rt-events", "i1", EventType.VIEW).withSessionId("s1")
                .withTimestamp(Instant.now().minusSeconds(60)).withMetadata(Map.of("page", "home"));
        IngestResult one = brisk.events().send(first);
        assertThat(one.accepted()).isEqualTo(1);
        assertThat(one.eventId()).isEqualTo(first.eventId());
        assertThat(brisk.events().send(first).duplicates()).as("the same event again").isEqualTo(1);

        IngestResult batch = brisk.events().send(List.of(Event.rating("rt-events", "i2", 4.5),
                Event.of("rt-events", "i3", EventType.PURCHASE)));
        assertThat(batch.accepted()).isEqualTo(2);

        BriskClient smallBatches = Clients.of(service, ADMIN).maxBatchEvents(3).build();
        List<Event> many = IntStream.range(0, 10)
                .mapToObj(i -> Event.of("rt-stream", "i" + (i + 1), EventType.CLICK)).toList();
        IngestResult streamed = smallBatches.events().stream(many);
        assertThat(streamed.accepted()).isEqualTo(10);
        assertThat(smallBatches.events().stream(many).duplicates()).as("the stream again").isEqualTo(10);

        List<String> stored = new ArrayList<>();
        brisk.users().allActivity("rt-stream", 3).forEach(e -> stored.add(e.eventId()));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(many.stream().map(Event::eventId).toList());

        StoredEvent back = brisk.users().activity("rt-events", 10, null, EventType.VIEW).events().get(0);
        assertThat(back.eventId()).isEqualTo(first.eventId());
        assertThat(back.sessionId()).isEqualTo("s1");
        assertThat(back.metadata()).containsEntry("page", "home");
        assertThat(brisk.events().recent(100, null).events()).extracting(e -> e.eventId()).contains(first.eventId());
        assertThat(brisk.events().erase(first.eventId()).erased()).isTrue();
    }

    @Test
    void activityPagesFollowTheCursor() {
        brisk.events().send(IntStream.range(0, 5).mapToObj(i -> Event.of("rt-pages", "i" + (i + 1), EventType.VIEW)
                .withTimestamp(Instant.now().minusSeconds(100 - i))).toList());
        ActivityPage first = brisk.users().activity("rt-pages", 2, null, null);
        assertThat(first.events()).hasSize(2);
        assertThat(first.hasMore()).isTrue();
        ActivityPage second = brisk.users().activity("rt-pages", 2, first.nextBefore(), null);
        assertThat(second.events()).hasSize(2).doesNotContainAnyElementsOf(first.events());
        assertThat(second.events().get(0).timestamp()).isBefore(first.events().get(1).timestamp());
    }

    @Test
    void recommendationsForUsersSessionsAndItems() {
        RecommendationList list = brisk.recommendations().forUser(RecommendRequest.forUser("u1").n(5)
                .exclude(List.of("i1")));
        assertThat(list.userId()).isEqualTo("u1");
        assertThat(list.model()).isEqualTo("popular");
        assertThat(list.requestId()).isNotBlank();
        assertThat(list.items()).hasSize(5).allSatisfy(item -> {
            assertThat(item.itemId()).isNotEqualTo("i1");
            assertThat(item.title()).isNotBlank();
            assertThat(item.explanation()).isNotBlank();
        });
        assertThat(brisk.recommendations().forUser("u2", 3).items()).hasSize(3);

        RecommendationList session = brisk.recommendations().forSession(SessionRequest.of(List.of(
                SessionInteraction.of("i1", EventType.VIEW), SessionInteraction.of("i2", EventType.CLICK))).n(4));
        assertThat(session.userId()).isNull();
        assertThat(session.items()).hasSize(4);

        assertThat(brisk.recommendations().popular(6, null, null).items()).hasSize(6);
        assertThat(brisk.recommendations().popular(3, "3650d", null).window()).isEqualTo("3650d");
        assertThat(brisk.recommendations().latest(4, null).items()).hasSize(4);
        var similar = brisk.recommendations().similarItems("i1", 3);
        assertThat(similar.itemId()).isEqualTo("i1");
        assertThat(similar.items()).hasSizeLessThanOrEqualTo(3).noneMatch(i -> i.itemId().equals("i1"));
    }

    @Test
    void usersProfilesSessionsExplanationsAndErasure() {
        assertThat(brisk.users().search("u1", 5)).isNotEmpty().allMatch(id -> id.startsWith("u1"));
        var profile = brisk.users().profile("u1");
        assertThat(profile.userId()).isEqualTo("u1");
        assertThat(profile.totalInteractions()).isPositive();
        assertThat(profile.counts()).containsKey("view");
        assertThat(brisk.users().sessions("u1", 3)).hasSizeBetween(1, 3);
        var explanation = brisk.users().explain("u1", "popularity");
        assertThat(explanation.userId()).isEqualTo("u1");
        assertThat(explanation.explanation()).isNotBlank();
        assertThatThrownBy(() -> brisk.users().profile("rt-nobody")).isInstanceOf(BriskNotFoundException.class);

        brisk.events().send(Event.of("rt-forget", "i1", EventType.VIEW));
        assertThat(brisk.users().erase("rt-forget").erased().events()).isEqualTo(1);
        assertThat(brisk.users().activity("rt-forget", null, null, null).events()).isEmpty();
    }

    @Test
    void itemsAreCreatedReadUploadedAndDeactivated() {
        Item put = brisk.items().put(ItemInput.of("rt-item", "Round Trip").genres(List.of("Drama"))
                .properties(Map.of("year", 2021, "language", "en")));
        assertThat(put.title()).isEqualTo("Round Trip");
        assertThat(put.properties()).as("a number stays a number").containsEntry("year", 2021).containsEntry("language", "en");
        assertThat(brisk.items().get("rt-item")).isEqualTo(put);
        assertThat(brisk.items().putAll(List.of(ItemInput.of("rt-a", "A"), ItemInput.of("rt-b", "B")))).isEqualTo(2);
        assertThat(brisk.items().get("rt-b").title()).isEqualTo("B");
        assertThat(brisk.items().deactivate("rt-a").active()).isFalse();
        assertThatThrownBy(() -> brisk.items().get("rt-none")).isInstanceOf(BriskNotFoundException.class)
                .satisfies(e -> assertThat(((BriskNotFoundException) e).code()).isEqualTo("not_found"));
    }

    @Test
    void cacheMonitoringAndModels() {
        brisk.recommendations().forUser("u3", 5);
        brisk.recommendations().forUser("u3", 5);
        assertThat(brisk.cache().stats().hits() + brisk.cache().stats().misses()).isPositive();
        assertThat(brisk.cache().dropUser("u3")).isGreaterThanOrEqualTo(0);
        brisk.cache().clear();
        assertThat(brisk.cache().stats().size()).isZero();

        assertThat(brisk.monitoring().health().status()).isEqualTo("healthy");
        assertThat(brisk.monitoring().ready().ready()).isTrue();
        var realtime = brisk.monitoring().realtime();
        assertThat(realtime.events().last60Seconds()).hasSize(60);
        assertThat(realtime.models()).extracting(m -> m.type()).contains("popular");
        assertThat(brisk.monitoring().history("total_events", "1h").name()).isEqualTo("total_events");
        assertThat(brisk.monitoring().prometheus()).contains("# HELP");
        assertThat(brisk.monitoring().engagement("3650d").activeUsers()).isPositive();

        var models = brisk.models().list();
        assertThat(models.defaultModel()).isEqualTo("popular");
        assertThat(models.models()).anyMatch(m -> m.type().equals("popular") && m.isDefault());
        assertThat(brisk.models().train("popular").type()).isEqualTo("popular");
        assertThat(brisk.models().trainAll().models()).contains("popular", "als");
        assertThat(TestService.eventually(Duration.ofSeconds(30), () -> !brisk.models().history(5).isEmpty()))
                .as("a stored training run").isTrue();
        var runs = brisk.models().history(5);
        assertThat(runs).hasSizeBetween(1, 5).allSatisfy(run -> {
            assertThat(run.version()).isNotBlank();
            assertThat(run.models()).isNotEmpty();
            assertThat(run.finishedAt()).isNotNull();
        });
        assertThat(runs.get(0).interactions()).as("the newest run saw the history").isPositive();
    }

    @Test
    void anExperimentFromStartToStop() {
        Experiment started = brisk.experiments().start(new ExperimentInput("rt-exp", "Popular against ALS", null, "ctr",
                List.of(ExperimentInput.Variant.of("control", "popular"), ExperimentInput.Variant.of("treatment", "als"))));
        assertThat(started.status()).isEqualTo("running");
        assertThat(started.variants()).extracting(Experiment.Variant::control).containsExactly(true, false);
        assertThat(brisk.experiments().list().running()).isEqualTo("rt-exp");
        assertThat(brisk.experiments().get("rt-exp").name()).isEqualTo("Popular against ALS");
        assertThat(brisk.users().experimentGroup("u1", "rt-exp").assignedGroup()).isIn("control", "treatment");
        assertThat(brisk.experiments().results("rt-exp").variants()).hasSize(2);
        assertThat(brisk.experiments().timeline("rt-exp", 4).experimentId()).isEqualTo("rt-exp");
        assertThat(brisk.experiments().stop("rt-exp").status()).isEqualTo("stopped");
    }

    @Test
    void keysAreCreatedListedAndRevoked() {
        KeyCreated key = brisk.keys().create("read", "rt-reader");
        assertThat(key.key()).isNotBlank();
        BriskClient reader = Clients.of(service, key.key()).build();
        assertThat(reader.keys().access().role()).isEqualTo("read");
        assertThat(reader.recommendations().popular(2, null, null).items()).hasSize(2);
        assertThat(brisk.keys().list()).anyMatch(k -> k.id().equals(key.id()) && k.active());
        assertThat(brisk.keys().revoke(key.id()).revoked()).isTrue();
        assertThat(reader.keys().access().authenticated()).isFalse();
    }

    @Test
    void itemLabelsAndTypedPropertiesAndPatches() {
        Item put = brisk.items().put(ItemInput.of("rt-patch", "Before").genres(List.of("Drama"))
                .labels(List.of("staff pick")).properties(Map.of("price", 3.99, "stock", 7, "colour", "red",
                        "new", true)));
        assertThat(put.labels()).containsExactly("staff pick");
        assertThat(put.properties()).containsEntry("price", 3.99).containsEntry("stock", 7)
                .containsEntry("colour", "red").containsEntry("new", true);

        Item patched = brisk.items().patch("rt-patch", ItemPatch.create().labels(List.of("sale"))
                .property("price", 2.49).removeProperty("colour"));
        assertThat(patched.title()).as("a field not given is kept").isEqualTo("Before");
        assertThat(patched.genres()).containsExactly("Drama");
        assertThat(patched.labels()).containsExactly("sale");
        assertThat(patched.properties()).containsEntry("price", 2.49).containsEntry("stock", 7)
                .containsEntry("new", true).doesNotContainKey("colour");
        assertThat(patched.createdAt()).isEqualTo(put.createdAt());
        assertThat(brisk.items().get("rt-patch")).isEqualTo(patched);

        Item reset = brisk.items().patch("rt-patch", ItemPatch.create().title("After").active(false).clearProperties());
        assertThat(reset.title()).isEqualTo("After");
        assertThat(reset.active()).isFalse();
        assertThat(reset.properties()).isEmpty();
        assertThat(reset.labels()).containsExactly("sale");

        assertThatThrownBy(() -> brisk.items().patch("rt-nothing", ItemPatch.create().title("X")))
                .isInstanceOf(BriskNotFoundException.class);
        assertThatThrownBy(() -> brisk.items().patch("rt-patch", ItemPatch.create().genres(List.of("a|b"))))
                .isInstanceOf(BriskValidationException.class)
                .satisfies(e -> assertThat(((BriskException) e).status()).isEqualTo(400));
        assertThat(brisk.items().get("rt-patch").genres()).as("an invalid change stores nothing").containsExactly("Drama");
    }

    @Test
    void usersAsEntitiesAreStoredReadFoundSimilarAndErased() {
        User created = brisk.users().put(UserInput.of("u5").labels(List.of("premium"))
                .properties(Map.of("age", 34, "country", "NL", "newsletter", true)));
        assertThat(created.userId()).isEqualTo("u5");
        assertThat(created.labels()).containsExactly("premium");
        assertThat(created.properties()).containsEntry("age", 34).containsEntry("country", "NL")
                .containsEntry("newsletter", true);
        assertThat(created.createdAt()).isNotNull();
        assertThat(created.profile().totalInteractions()).as("u5's events").isEqualTo(6);

        User replaced = brisk.users().put(UserInput.of("u5").properties(Map.of("age", 35)));
        assertThat(replaced.labels()).as("replaced as a whole").isEmpty();
        assertThat(replaced.properties()).isEqualTo(Map.of("age", 35));
        assertThat(replaced.createdAt()).isEqualTo(created.createdAt());
        assertThat(brisk.users().get("u5")).isEqualTo(replaced);

        User onlyEvents = brisk.users().get("u6");
        assertThat(onlyEvents.labels()).isEmpty();
        assertThat(onlyEvents.createdAt()).isNull();
        assertThat(onlyEvents.profile().sessionCount()).isPositive();
        assertThatThrownBy(() -> brisk.users().get("rt-nobody")).isInstanceOf(BriskNotFoundException.class);

        var similar = brisk.users().similar("u5", 3);
        assertThat(similar.userId()).isEqualTo("u5");
        assertThat(similar.model()).isEqualTo("als");
        assertThat(similar.users()).hasSizeBetween(1, 3).allSatisfy(u -> {
            assertThat(u.userId()).isNotEqualTo("u5");
            assertThat(u.score()).isBetween(-1.0, 1.0);
        });
        assertThat(similar.users().get(0).rank()).isEqualTo(1);

        brisk.users().put(UserInput.of("rt-erased").labels(List.of("trial")));
        brisk.events().send(Event.of("rt-erased", "i2", EventType.VIEW));
        var erased = brisk.users().erase("rt-erased").erased();
        assertThat(erased.users()).isEqualTo(1);
        assertThat(erased.events()).isEqualTo(1);
        assertThatThrownBy(() -> brisk.users().get("rt-erased")).isInstanceOf(BriskNotFoundException.class);
    }

    @Test
    void pagesOfAListContinueWithoutRepeats() {
        RecommendationList first = brisk.recommendations().forUser(RecommendRequest.forUser("u7").n(4));
        RecommendationList second = brisk.recommendations().forUser(RecommendRequest.forUser("u7").n(4).offset(4));
        assertThat(second.items()).hasSize(4);
        assertThat(second.items()).extracting(i -> i.rank()).containsExactly(5, 6, 7, 8);
        assertThat(second.items()).extracting(i -> i.itemId())
                .doesNotContainAnyElementsOf(first.items().stream().map(i -> i.itemId()).toList());
    }

    @Test
    void anEventTypeIsAnyNameAndTheServiceJudgesIt() {
        assertThat(EventType.of("Share")).isEqualTo(EventType.of("share"));
        assertThat(EventType.of("view")).isEqualTo(EventType.VIEW);
        // No type "share" is declared here: the service refuses it, naming the field.
        assertThatThrownBy(() -> brisk.events().send(Event.of("rt-types", "i1", EventType.of("share"))))
                .isInstanceOfSatisfying(EventsRejectedException.class, e -> assertThat(e.rejections())
                        .singleElement().satisfies(r -> assertThat(r.problems())
                                .anySatisfy(p -> assertThat(p.field()).isEqualTo("event_type"))));
        assertThat(brisk.users().activity("rt-types", null, null, null).events()).isEmpty();
    }

    @Test
    void theReplacedSystemsCallsWithoutABriskEquivalent() {
        var comparison = brisk.recommendations().compareModels("u1", 3);
        assertThat(comparison.userId()).isEqualTo("u1");
        assertThat(comparison.models()).containsKeys("popularity", "collaborative", "content_based", "hybrid")
                .allSatisfy((model, items) -> assertThat(items).hasSizeLessThanOrEqualTo(3));
        assertThat(comparison.servedBy().get("popularity").model()).isEqualTo("popular");

        var stats = brisk.models().learningStats();
        assertThat(stats.updatesDone()).isPositive();
        assertThat(stats.modelVersions()).containsKey("popular");

        brisk.events().send(Event.rating("rt-item-activity", "i40", 4.0));
        var activity = brisk.items().activity("i40", 5);
        assertThat(activity.itemId()).isEqualTo("i40");
        assertThat(activity.totalEvents()).isGreaterThanOrEqualTo(1);
        assertThat(activity.recentEvents()).hasSizeBetween(1, 5).first()
                .satisfies(e -> assertThat(e.userId()).isEqualTo("rt-item-activity"));
    }

    @Test
    void theCatalogIsListedByCursorAndSearched() {
        brisk.items().putAll(IntStream.range(0, 7).mapToObj(i -> ItemInput.of("rt-list-" + i, "Listed " + i)).toList());
        var first = brisk.items().list(3, null, "rt-list-");
        assertThat(first.items()).hasSize(3).allSatisfy(i -> assertThat(i.itemId()).startsWith("rt-list-"));
        assertThat(first.hasMore()).isTrue();
        var second = brisk.items().list(3, first.nextCursor(), "rt-list-");
        assertThat(second.items()).hasSize(3).doesNotContainAnyElementsOf(first.items());
        List<String> all = new ArrayList<>();
        brisk.items().all("rt-list-", 2).forEach(i -> all.add(i.itemId()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 7).mapToObj(i -> "rt-list-" + i).toList());
        Map<String, Integer> seen = new HashMap<>();
        brisk.items().all(null, 50).forEach(i -> seen.merge(i.itemId(), 1, Integer::sum));
        assertThat(seen).as("every item once").containsKeys("i1", "i40", "rt-list-6").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }
}
