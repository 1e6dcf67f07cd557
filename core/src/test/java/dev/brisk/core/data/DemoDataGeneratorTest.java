package dev.brisk.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.data.DemoDataGenerator.Config;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {
    private static final long END = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final long DAY = 24L * 3600 * 1000;
    private static final Config CONFIG = Config.demo(END);

    private static DemoData data;
    private static Map<String, Item> itemsById;

    @BeforeAll
    static void generate() {
        data = new DemoDataGenerator().generate(CONFIG);
        itemsById = data.items().stream().collect(Collectors.toMap(Item::itemId, Function.identity()));
    }

    @Test
    void sameConfigGivesIdenticalDataAndAnotherSeedDoesNot() {
        DemoData again = new DemoDataGenerator().generate(Config.demo(END));
        assertThat(again.items()).isEqualTo(data.items());
        assertThat(again.events()).isEqualTo(data.events());

        DemoData other = new DemoDataGenerator().generate(
                new Config(43, CONFIG.items(), CONFIG.users(), CONFIG.events(), CONFIG.days(), END));
        assertThat(other.events()).isNotEqualTo(data.events());
        assertThat(other.items()).isNotEqualTo(data.items());
    }

    @Test
    void producesExactlyTheRequestedCounts() {
        assertThat(data.items()).hasSize(1200);
        assertThat(data.items()).extracting(Item::itemId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 1200).mapToObj(i -> "i" + i).toList());
        assertThat(data.events()).hasSize(50_000);
        Set<String> users = data.events().stream().map(Event::userId).collect(Collectors.toSet());
        assertThat(users).hasSize(500)
                .isEqualTo(IntStream.rangeClosed(1, 500).mapToObj(i -> "u" + i).collect(Collectors.toSet()));
        assertThat(data.events()).extracting(Event::eventId).doesNotHaveDuplicates().allMatch(id -> id.startsWith("demo-"));
        assertThat(data.events()).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("demo");
            assertThat(e.recommendationId()).isNull();
            assertThat(itemsById).containsKey(e.itemId());
        });
    }

    @Test
    void everyUserHasAtLeastTenEventsAndActivityIsSkewed() {
        Map<String, Long> perUser = data.events().stream().collect(Collectors.groupingBy(Event::userId, Collectors.counting()));
        long[] counts = perUser.values().stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(counts[0]).isGreaterThanOrEqualTo(10);
        long median = counts[counts.length / 2];
        long max = counts[counts.length - 1];
        assertThat(max).isGreaterThan(8 * median);
        // The heaviest 10% of users account for far more than 10% of the events.
        long top = Arrays.stream(counts).skip(counts.length - counts.length / 10).sum();
        assertThat((double) top / data.events().size()).isGreaterThan(0.25);
    }

    @Test
    void exactCountsAndEveryUserPresentForSmallConfigs() {
        DemoData small = new DemoDataGenerator().generate(new Config(7, 30, 12, 200, 3, END));
        assertThat(small.items()).hasSize(30);
        assertThat(small.events()).hasSize(200);
        assertThat(small.events().stream().map(Event::userId).distinct().count()).isEqualTo(12);

        DemoData tiny = new DemoDataGenerator().generate(new Config(7, 1, 5, 5, 1, END));
        assertThat(tiny.events()).hasSize(5);
        assertThat(tiny.events().stream().map(Event::userId).distinct().count()).isEqualTo(5);
        assertThat(tiny.events()).allSatisfy(e -> assertThat(e.timestamp()).isBetween(END - DAY, END));
    }

    @Test
    void rejectsImpossibleConfigs() {
        assertThatThrownBy(() -> new Config(1, 0, 10, 100, 7, END)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(1, 10, 0, 100, 7, END)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(1, 10, 10, 9, 7, END)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Config(1, 10, 10, 100, 0, END)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsAreSortedAndInsideTheWindowAndAfterTheirItemExists() {
        List<Event> events = data.events();
        assertThat(events).isSortedAccordingTo(Comparator.comparingLong(Event::timestamp));
        long start = END - CONFIG.days() * DAY;
        assertThat(events).allSatisfy(e -> {
            assertThat(e.timestamp()).isBetween(start, END);
            assertThat(e.timestamp()).isGreaterThanOrEqualTo(itemsById.get(e.itemId()).createdAt());
        });
        // The history covers the whole window, not just a corner of it.
        assertThat(events.get(0).timestamp()).isLessThan(start + DAY);
        assertThat(events.get(events.size() - 1).timestamp()).isGreaterThan(END - DAY);
    }

    @Test
    void everyEventTypeAppearsInPlausibleProportions() {
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        data.events().forEach(e -> byType.merge(e.type(), 1L, Long::sum));
        assertThat(byType.keySet()).containsExactlyInAnyOrder(EventType.values());
        double n = data.events().size();
        assertThat(byType.get(EventType.VIEW) / n).isBetween(0.45, 0.75);
        assertThat(byType.get(EventType.VIEW)).isEqualTo(byType.values().stream().max(Long::compare).orElseThrow());
        assertThat(byType.get(EventType.IMPRESSION) / n).isBetween(0.03, 0.2);
        assertThat(byType.get(EventType.CLICK) / n).isBetween(0.05, 0.25);
        assertThat(byType.get(EventType.ADD_TO_CART) / n).isBetween(0.01, 0.06);
        assertThat(byType.get(EventType.PURCHASE) / n).isBetween(0.005, 0.04);
        assertThat(byType.get(EventType.RATING) / n).isBetween(0.06, 0.14);
        assertThat(byType.get(EventType.LIKE) / n).isBetween(0.01, 0.06);
        assertThat(byType.get(EventType.DISLIKE) / n).isBetween(0.003, 0.03);
        assertThat(byType.get(EventType.PURCHASE)).isLessThan(byType.get(EventType.ADD_TO_CART));
        assertThat(byType.get(EventType.ADD_TO_CART)).isLessThan(byType.get(EventType.CLICK));
    }

    @Test
    void ratingsAreHalfStepsOnlyOnRatingEvents() {
        assertThat(data.events()).allSatisfy(e -> {
            if (e.type() == EventType.RATING) {
                assertThat(e.rating()).isBetween(0.5, 5.0);
                assertThat(e.rating() * 2).isEqualTo(Math.rint(e.rating() * 2));
            } else {
                assertThat(e.rating()).isNaN();
            }
        });
        Set<Double> values = data.events().stream().filter(e -> e.type() == EventType.RATING)
                .map(Event::rating).collect(Collectors.toSet());
        assertThat(values).contains(0.5, 1.0, 2.5, 4.0, 5.0);
    }

    @Test
    void sessionsAreShortBurstsOfOneUser() {
        Map<String, List<Event>> sessions = data.events().stream().collect(Collectors.groupingBy(Event::sessionId));
        assertThat(data.events()).allSatisfy(e -> assertThat(e.sessionId()).startsWith("s-" + e.userId() + "-"));
        assertThat(sessions.values()).allSatisfy(events -> {
            assertThat(events.stream().map(Event::userId).distinct()).hasSize(1);
            assertThat(events.size()).isBetween(2, 15);
            long span = events.get(events.size() - 1).timestamp() - events.get(0).timestamp();
            assertThat(span).isLessThan(2 * 3600 * 1000L);
        });
        double averageSize = (double) data.events().size() / sessions.size();
        assertThat(averageSize).isBetween(3.0, 9.0);

        // Sessions of one user do not overlap: each starts after the previous one ended.
        Map<String, long[]> bounds = new HashMap<>();
        for (Event e : data.events()) {
            bounds.computeIfAbsent(e.sessionId(), k -> new long[] {e.timestamp(), e.timestamp()})[1] = e.timestamp();
        }
        Map<String, List<long[]>> byUser = new HashMap<>();
        sessions.forEach((id, events) -> byUser.computeIfAbsent(events.get(0).userId(), k -> new ArrayList<>())
                .add(bounds.get(id)));
        assertThat(byUser.values()).allSatisfy(list -> {
            list.sort(Comparator.comparingLong(b -> b[0]));
            for (int k = 1; k < list.size(); k++) {
                assertThat(list.get(k)[0]).isGreaterThan(list.get(k - 1)[1]);
            }
        });
    }

    @Test
    void funnelsFollowViews() {
        // A click, cart, purchase, rating, like or dislike comes after a view of the same item in the session.
        Map<String, Set<String>> viewedInSession = new HashMap<>();
        int orphans = 0;
        int followUps = 0;
        for (Event e : data.events()) {
            if (e.type() == EventType.VIEW) {
                viewedInSession.computeIfAbsent(e.sessionId(), k -> new HashSet<>()).add(e.itemId());
            } else if (e.type() != EventType.IMPRESSION) {
                followUps++;
                if (!viewedInSession.getOrDefault(e.sessionId(), Set.of()).contains(e.itemId())) {
                    orphans++;
                }
            }
        }
        assertThat(followUps).isPositive();
        assertThat(orphans).isZero();
    }

    @Test
    void itemsAreRarelyViewedAgainByTheSameUser() {
        Map<String, Integer> views = new HashMap<>();
        long total = 0;
        for (Event e : data.events()) {
            if (e.type() == EventType.VIEW) {
                views.merge(e.userId() + "|" + e.itemId(), 1, Integer::sum);
                total++;
            }
        }
        double repeatShare = (double) (total - views.size()) / total;
        assertThat(repeatShare).isLessThan(0.10);
        assertThat(views.values().stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(3);
    }

    @Test
    void popularityIsSkewed() {
        Map<String, Long> views = data.events().stream().filter(e -> e.type() == EventType.VIEW)
                .collect(Collectors.groupingBy(Event::itemId, Collectors.counting()));
        long total = views.values().stream().mapToLong(Long::longValue).sum();
        long top = views.values().stream().sorted(Comparator.reverseOrder()).limit(data.items().size() / 10)
                .mapToLong(Long::longValue).sum();
        assertThat((double) top / total).isGreaterThan(0.40);
        // ...yet the long tail is explored: most of the catalog gets some views.
        assertThat(views.size()).isGreaterThan(data.items().size() * 8 / 10);
    }

    @Test
    void usersShowTasteClustersThroughGenres() {
        Map<String, Long> global = new HashMap<>();
        Map<String, Map<String, Long>> perUser = new HashMap<>();
        Map<String, Long> eventsPerUser = new HashMap<>();
        for (Event e : data.events()) {
            for (String genre : itemsById.get(e.itemId()).genres()) {
                global.merge(genre, 1L, Long::sum);
                perUser.computeIfAbsent(e.userId(), k -> new HashMap<>()).merge(genre, 1L, Long::sum);
            }
            eventsPerUser.merge(e.userId(), 1L, Long::sum);
        }
        double n = data.events().size();
        int concentrated = 0;
        for (var entry : perUser.entrySet()) {
            var top = entry.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            double userShare = top.getValue() / (double) eventsPerUser.get(entry.getKey());
            double globalShare = global.get(top.getKey()) / n;
            if (userShare > 2 * globalShare) {
                concentrated++;
            }
        }
        assertThat(concentrated).isGreaterThan(perUser.size() * 8 / 10);
    }

    @Test
    void ratingsAreHigherAndDislikesRarerInsideAUsersTaste() {
        Map<String, String> topGenre = new HashMap<>();
        Map<String, Map<String, Long>> perUser = new HashMap<>();
        for (Event e : data.events()) {
            if (e.type() == EventType.VIEW) {
                for (String genre : itemsById.get(e.itemId()).genres()) {
                    perUser.computeIfAbsent(e.userId(), k -> new HashMap<>()).merge(genre, 1L, Long::sum);
                }
            }
        }
        perUser.forEach((user, genres) -> topGenre.put(user,
                genres.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
        double inSum = 0;
        double outSum = 0;
        int in = 0;
        int out = 0;
        int likesIn = 0;
        int likesOut = 0;
        int dislikesIn = 0;
        int dislikesOut = 0;
        for (Event e : data.events()) {
            boolean inTaste = itemsById.get(e.itemId()).hasGenre(topGenre.get(e.userId()));
            switch (e.type()) {
                case RATING -> {
                    if (inTaste) {
                        inSum += e.rating();
                        in++;
                    } else {
                        outSum += e.rating();
                        out++;
                    }
                }
                case LIKE -> {
                    if (inTaste) {
                        likesIn++;
                    } else {
                        likesOut++;
                    }
                }
                case DISLIKE -> {
                    if (inTaste) {
                        dislikesIn++;
                    } else {
                        dislikesOut++;
                    }
                }
                default -> {
                }
            }
        }
        assertThat(inSum / in).isGreaterThan(outSum / out + 0.4);
        assertThat((double) dislikesIn / (dislikesIn + dislikesOut))
                .isLessThan((double) likesIn / (likesIn + likesOut) - 0.2);
    }

    @Test
    void catalogLooksLikeACatalog() {
        List<Item> items = data.items();
        assertThat(items).allSatisfy(item -> {
            assertThat(item.active()).isTrue();
            assertThat(item.title()).isNotBlank();
            assertThat(item.genres()).hasSizeBetween(1, 3).doesNotHaveDuplicates();
            assertThat(DemoDataGenerator.GENRES).containsAll(item.genres());
            assertThat(item.properties()).containsKeys("year", "language");
            assertThat(Integer.parseInt((String) item.properties().get("year"))).isBetween(1950, 2025);
            assertThat(item.createdAt()).isLessThanOrEqualTo(END);
        });
        assertThat(items).extracting(Item::title).doesNotHaveDuplicates();
        assertThat(items.stream().map(Item::title).filter(t -> t.startsWith("The ")).count()).isGreaterThan(100);
        assertThat(items.stream().flatMap(i -> i.genres().stream()).distinct().count()).isEqualTo(18);
        // Items are created over time: most before the window, some during it, a few in its last days.
        assertThat(items).isSortedAccordingTo(Comparator.comparingLong(Item::createdAt));
        long windowStart = END - CONFIG.days() * DAY;
        long before = items.stream().filter(i -> i.createdAt() <= windowStart).count();
        long lastDays = items.stream().filter(i -> i.createdAt() > END - 3 * DAY).count();
        assertThat(before).isBetween(900L, 1100L);
        assertThat(lastDays).isBetween(10L, 80L);
    }

    @Test
    void aMillionEventsCoverEveryUser() {
        DemoData big = new DemoDataGenerator().generate(new Config(1, 20_000, 10_000, 1_000_000, 90, END));
        assertThat(big.events()).hasSize(1_000_000);
        assertThat(big.events().stream().map(Event::userId).distinct().count()).isEqualTo(10_000);
    }
}
