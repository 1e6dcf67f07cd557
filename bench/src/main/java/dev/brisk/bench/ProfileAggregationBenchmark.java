package dev.brisk.bench;

import dev.brisk.core.event.Event;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.core.profile.UserProfile;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The profile work the ingest writer does per event (session assignment, then folding the event
 * into the profile), for one event on a typical profile and for a heavy user's whole history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProfileAggregationBenchmark {
    private final ProfileAggregator aggregator = new ProfileAggregator(FeedbackWeights.defaults());
    private final Sessions sessions = new Sessions(30 * 60_000L);
    private UserProfile typicalProfile;
    private Event nextEvent;
    private List<String> nextEventGenres;
    private List<Event> heavyHistory;

    @Setup
    public void setUp() {
        List<Event> typical = oldestFirst(DemoFixture.historyOf(DemoFixture.userWithAbout(100)));
        typicalProfile = fold(typical.subList(0, typical.size() - 1));
        nextEvent = typical.get(typical.size() - 1);
        nextEventGenres = DemoFixture.CATALOG.genresOf(nextEvent.itemId());
        heavyHistory = oldestFirst(DemoFixture.historyOf(DemoFixture.userWithAbout(1_000)));
        System.out.println("Heavy user " + heavyHistory.get(0).userId() + ": " + heavyHistory.size() + " events");
    }

    /** One event onto a profile built from about 100 events. */
    @Benchmark
    public UserProfile applyOneEvent() {
        String session = sessions.sessionOf(nextEvent, typicalProfile);
        return aggregator.apply(typicalProfile, nextEvent.withSessionId(session), nextEventGenres,
                !session.equals(typicalProfile.lastSessionId()));
    }

    /** A heavy user's whole history folded from an empty profile; divide by its length per event. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public UserProfile foldHeavyUserHistory() {
        return fold(heavyHistory);
    }

    /** The ranked favourite genres, as {@code user_profiles.favorite_genres} stores them. */
    @Benchmark
    public List<String> favoriteGenres() {
        return typicalProfile.favoriteGenres(5);
    }

    private UserProfile fold(List<Event> events) {
        UserProfile profile = UserProfile.empty(events.get(0).userId());
        for (Event e : events) {
            String session = sessions.sessionOf(e, profile);
            profile = aggregator.apply(profile, e.withSessionId(session), DemoFixture.CATALOG.genresOf(e.itemId()),
                    !session.equals(profile.lastSessionId()));
        }
        return profile;
    }

    private static List<Event> oldestFirst(List<Event> newestFirst) {
        return newestFirst.stream().sorted(Comparator.comparingLong(Event::timestamp)).toList();
    }
}
