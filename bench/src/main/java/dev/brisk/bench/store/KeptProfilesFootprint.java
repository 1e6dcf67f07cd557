package dev.brisk.bench.store;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.data.DemoData;
import dev.brisk.core.data.DemoDataGenerator;
import dev.brisk.core.event.Event;
import dev.brisk.core.model.FeedbackWeights;
import dev.brisk.core.profile.ProfileAggregator;
import dev.brisk.core.profile.Sessions;
import dev.brisk.core.profile.UserProfile;
import dev.brisk.bench.training.TrainingDataFootprint;
import dev.brisk.server.store.ProfileStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap taken by the profiles the ingest writer keeps ({@code BRISK_INGEST_PROFILES_KEPT}): folds
 * generated events (the demo generator's users, items and genres) into profiles as the writer does,
 * keeps each user's last profile with a row version in an access-ordered map, as the writer's
 * cache does, drops everything else, and reports the live heap after a full GC, per user.
 * <pre>java -Xmx4g -cp bench/target/brisk-bench.jar dev.brisk.bench.store.KeptProfilesFootprint 20000 1000000</pre>
 */
public final class KeptProfilesFootprint {
    private KeptProfilesFootprint() {
    }

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : users * 50;
        long base = TrainingDataFootprint.liveHeap();
        Map<String, ProfileStore.Versioned> kept = keep(users, events);
        long held = TrainingDataFootprint.liveHeap() - base;
        int genres = 0;
        for (ProfileStore.Versioned v : kept.values()) {
            genres += v.profile().genreScores().size();
        }
        System.out.printf("users kept %,d  (events folded %,d; genres per profile %.1f)%n", kept.size(), events,
                (double) genres / kept.size());
        System.out.printf("heap: %,d bytes = %.0f bytes per user kept%n", held, (double) held / kept.size());
    }

    private static Map<String, ProfileStore.Versioned> keep(int users, int events) {
        DemoData data = new DemoDataGenerator().generate(
                new DemoDataGenerator.Config(42, 1_200, users, events, 42, System.currentTimeMillis()));
        Map<String, List<String>> genresOf = new HashMap<>();
        for (Item item : data.items()) {
            genresOf.put(item.itemId(), item.genres());
        }
        ProfileAggregator aggregator = new ProfileAggregator(FeedbackWeights.defaults());
        Sessions sessions = new Sessions(30 * 60_000L);
        Map<String, ProfileStore.Versioned> kept = new LinkedHashMap<>(16, 0.75f, true);
        long version = 1_000_000;
        for (Event e : data.events()) {
            ProfileStore.Versioned before = kept.get(e.userId());
            // A new user's id is a string of its own, as read from a request, not the generator's.
            UserProfile profile = before == null ? UserProfile.empty(new String(e.userId())) : before.profile();
            Event placed = e.withSessionId(sessions.sessionOf(e, profile));
            boolean newSession = !placed.sessionId().equals(profile.lastSessionId());
            UserProfile after = aggregator.apply(profile, placed, genresOf.getOrDefault(e.itemId(), List.of()),
                    newSession);
            kept.put(after.userId(), new ProfileStore.Versioned(after, Long.toString(version++)));
        }
        return kept;
    }
}
