package dev.brisk.client;

/** {@code GET /recommend}, {@code POST /compare-models}, {@code POST /recommend/session}, {@code GET /popular}, {@code GET /latest}, {@code GET /items/{id}/similar}. */
public final class RecommendationsApi {
    private final Transport transport;

    RecommendationsApi(Transport transport) {
        this.transport = transport;
    }

    /** A user's list. Throws {@link BriskUnavailableException} while no model can serve (model_unavailable). */
    public RecommendationList forUser(RecommendRequest request) {
        Call.Path path = new Call.Path("/recommend").param("user_id", request.userId()).param("n", request.n())
                .param("offset", request.offset())
                .param("model", request.model()).param("exclude_seen", request.excludeSeen())
                .param("genre", request.genre())
                .param("exclude", request.exclude().isEmpty() ? null : String.join(",", request.exclude()));
        return transport.send(Call.get(path.toString()), RecommendationList.class);
    }

    /** A user's list of {@code n} items from the default model. */
    public RecommendationList forUser(String userId, int n) {
        return forUser(RecommendRequest.forUser(userId).n(n));
    }

    /** A list for an anonymous visitor from what they did in this session ({@code userId} is null); nothing is stored. */
    public RecommendationList forSession(SessionRequest request) {
        return transport.send(Call.post("/recommend/session", request, true), RecommendationList.class);
    }

    /**
     * Popular items: time-decayed, or counted over {@code window} (e.g. "7d", "24h"; null for
     * decayed); {@code genre} may be null; {@code n} null for the service's default.
     */
    public PopularList popular(Integer n, String window, String genre) {
        Call.Path path = new Call.Path("/popular").param("n", n).param("window", window).param("genre", genre);
        return transport.send(Call.get(path.toString()), PopularList.class);
    }

    /** The newest active items, of one genre when {@code genre} is not null. */
    public LatestList latest(Integer n, String genre) {
        Call.Path path = new Call.Path("/latest").param("n", n).param("genre", genre);
        return transport.send(Call.get(path.toString()), LatestList.class);
    }

    /** Items similar to one item. Throws {@link BriskNotFoundException} for an unknown item. */
    public SimilarItems similarItems(String itemId, Integer n) {
        Call.Path path = new Call.Path("/items/" + Call.segment(itemId) + "/similar").param("n", n);
        return transport.send(Call.get(path.toString()), SimilarItems.class);
    }

    /**
     * Every model's list of {@code n} items (null: 5) for one user, side by side, each named as the
     * replaced system named its models ({@code POST /compare-models}).
     */
    public ModelComparison compareModels(String userId, Integer n) {
        Call.Path path = new Call.Path("/compare-models").param("user_id", userId).param("n_recommendations", n);
        return transport.send(Call.post(path.toString(), null, true), ModelComparison.class);
    }
}
