package dev.brisk.server.recommend;

import dev.brisk.core.event.Event;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.Recommender;
import dev.brisk.core.model.UserSimilarity;
import dev.brisk.server.store.NeighbourStore;
import dev.brisk.server.training.ModelRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * User-to-user lists ("people with your taste"): the served ALS model folds in the user's current
 * history and that of the users who recently touched the same items (up to {@value #CANDIDATES}
 * of them), and ranks them by the cosine of their factors. Without a trained ALS model there is no
 * answer ({@link ModelUnavailableException}).
 */
public final class SimilarUsersService {
    static final int CANDIDATES = 200;
    /** The user's latest items whose other users are the candidates. */
    private static final int SHARED_ITEMS = 50;

    private final ModelRegistry models;
    private final UserHistories histories;
    private final NeighbourStore neighbours;

    public SimilarUsersService(ModelRegistry models, UserHistories histories, NeighbourStore neighbours) {
        this.models = models;
        this.histories = histories;
        this.neighbours = neighbours;
    }

    /** One similar user, ranked from 1. */
    public record Entry(int rank, String userId, double score) {
    }

    /** A user's similar users and the model version whose factors compared them. */
    public record SimilarUsers(String userId, String model, String modelVersion, List<Entry> users) {
    }

    public SimilarUsers similar(String userId, int n) {
        Recommender model = models.get(ImplicitAls.TYPE).orElseThrow(() -> new ModelUnavailableException(ImplicitAls.TYPE));
        if (!(model instanceof ImplicitAls als)) {
            throw new ModelUnavailableException(ImplicitAls.TYPE);
        }
        List<Event> history = histories.recent(userId, false).history();
        Set<String> items = new LinkedHashSet<>();
        for (Event e : history) {
            if (e.type().isPreference() && items.size() < SHARED_ITEMS) {
                items.add(e.itemId());
            }
        }
        List<String> candidates = neighbours.usersOf(items, userId, CANDIDATES);
        List<UserSimilarity.Similar> ranked = UserSimilarity.rank(als, history,
                neighbours.recentHistories(candidates, histories.limit()), n);
        List<Entry> entries = new ArrayList<>(ranked.size());
        for (UserSimilarity.Similar s : ranked) {
            entries.add(new Entry(entries.size() + 1, s.userId(), s.score()));
        }
        return new SimilarUsers(userId, ImplicitAls.TYPE, als.info().version(), entries);
    }
}
