package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code /users}: search, the user's labels and properties, similar users, profile, activity (paged by cursor), sessions, explanation, experiment group, erasure. */
public final class UsersApi {
    private final Transport transport;

    UsersApi(Transport transport) {
        this.transport = transport;
    }

    /** User ids that start with {@code prefix} ("" for any), at most {@code limit} (null: the service's 20). */
    public List<String> search(String prefix, Integer limit) {
        JsonNode answer = transport.json(Call.get(new Call.Path("/users").param("q", prefix)
                .param("limit", limit).toString()));
        List<String> ids = new ArrayList<>();
        answer.path("users").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /**
     * A user's labels and properties with a summary of their events. Throws
     * {@link BriskNotFoundException} for a user with neither.
     */
    public User get(String userId) {
        return transport.send(Call.get(user(userId)), User.class);
    }

    /** Creates the user or replaces their labels and properties as a whole; returns the user as stored. */
    public User put(UserInput user) {
        return transport.send(Call.put(user(user.userId()), user), User.class);
    }

    /**
     * The {@code n} users (null: the service's default) whose taste is closest to this user's, by the
     * served ALS model. Throws {@link BriskNotFoundException} for an unknown user and
     * {@link BriskUnavailableException} while no ALS model is trained.
     */
    public SimilarUsers similar(String userId, Integer n) {
        return transport.send(Call.get(new Call.Path(user(userId) + "/similar").param("n", n).toString()),
                SimilarUsers.class);
    }

    /** What Brisk knows of a user. Throws {@link BriskNotFoundException} for a user without events. */
    public Profile profile(String userId) {
        return transport.send(Call.get(user(userId) + "/profile"), Profile.class);
    }

    /**
     * One page of a user's events, newest first: {@code limit} of them (null: 50), before the cursor
     * {@code before} (null for the newest; else the previous page's {@code nextBefore}, or a time),
     * of one type when {@code type} is not null.
     */
    public ActivityPage activity(String userId, Integer limit, String before, EventType type) {
        Call.Path path = new Call.Path(user(userId) + "/activity").param("limit", limit).param("before", before)
                .param("event_type", type == null ? null : type.wireName());
        return transport.send(Call.get(path.toString()), ActivityPage.class);
    }

    /** Every event of a user, newest first, fetched page by page ({@code pageSize} each) as the iteration goes. */
    public Iterable<StoredEvent> allActivity(String userId, int pageSize) {
        return Pages.of(() -> activity(userId, pageSize, null, null), ActivityPage::events,
                page -> page.hasMore() ? activity(userId, pageSize, page.nextBefore(), null) : null);
    }

    /** A user's sessions, newest first, at most {@code limit} (null: 20). */
    public List<Session> sessions(String userId, Integer limit) {
        JsonNode answer = transport.json(Call.get(new Call.Path(user(userId) + "/sessions").param("limit", limit).toString()));
        List<Session> out = new ArrayList<>();
        answer.path("sessions").forEach(s -> out.add(Json.read(s, Session.class)));
        return out;
    }

    /** Why a user gets their list from a model ({@code modelType} null: hybrid). */
    public Explanation explain(String userId, String modelType) {
        return transport.send(Call.get(new Call.Path(user(userId) + "/explain").param("model_type", modelType).toString()),
                Explanation.class);
    }

    /** A user's variant in an experiment. */
    public ExperimentGroup experimentGroup(String userId, String experimentId) {
        return transport.send(Call.get(new Call.Path(user(userId) + "/experiment-group")
                .param("experiment_id", experimentId).toString()), ExperimentGroup.class);
    }

    /** Erases a user: their events, profile, served lists, labels and properties (the right to be forgotten). */
    public UserErased erase(String userId) {
        return transport.send(Call.delete(user(userId)), UserErased.class);
    }

    private static String user(String userId) {
        return "/users/" + Call.segment(userId);
    }
}
