package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** {@code /users}: search, profile, activity (paged by cursor), sessions, explanation, experiment group, erasure. */
public final class UsersApi {
    private final Transport transport;

    UsersApi(Transport transport) {
        this.transport = transport;
    }

    /** User ids that start with {@code prefix} ("" for any), at most {@code limit} (null: the service's 20). */
    public List<String> search(String prefix, Integer limit) {
        JsonNode answer = transport.json(Call.get(new Call.Path("/users").param("prefix", prefix)
                .param("limit", limit).toString()));
        List<String> ids = new ArrayList<>();
        answer.path("users").forEach(id -> ids.add(id.asText()));
        return ids;
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
        return () -> new Iterator<>() {
            private ActivityPage page = activity(userId, pageSize, null, null);
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= page.events().size() && page.hasMore()) {
                    page = activity(userId, pageSize, page.nextBefore(), null);
                    next = 0;
                }
                return next < page.events().size();
            }

            @Override
            public StoredEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.events().get(next++);
            }
        };
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

    /** Erases a user: their events, profile and served lists (the right to be forgotten). */
    public UserErased erase(String userId) {
        return transport.send(Call.delete(user(userId)), UserErased.class);
    }

    private static String user(String userId) {
        return "/users/" + Call.segment(userId);
    }
}
