package dev.brisk.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final long T0 = 1_717_243_200_000L;
    private static final long GAP = 30 * 60 * 1000L;

    private final Sessions sessions = new Sessions(GAP);

    private static Event event(String user, long time, String session) {
        return new Event(null, user, "i1", EventType.VIEW, Double.NaN, time, session, null, null);
    }

    /** A profile whose latest event was at {@code last} in session {@code session}. */
    private static UserProfile after(String user, long last, String session) {
        return new UserProfile(user, 3, Map.of("view", 3L), 0.0, 0, Map.of(), last - 10_000, last, 1, session);
    }

    @Test
    void explicitSessionIdIsKept() {
        UserProfile before = after("u1", T0, "s-old");
        assertThat(sessions.sessionOf(event("u1", T0 + 1_000, "mine"), before)).isEqualTo("mine");
        assertThat(sessions.sessionOf(event("u1", T0 + 10 * GAP, "mine"), before)).isEqualTo("mine");
        assertThat(sessions.sessionOf(event("u1", T0, "mine"), UserProfile.empty("u1"))).isEqualTo("mine");
    }

    @Test
    void eventWithinTheGapContinuesTheLastSession() {
        UserProfile before = after("u1", T0, "s-old");
        assertThat(sessions.sessionOf(event("u1", T0 + 1, null), before)).isEqualTo("s-old");
        assertThat(sessions.sessionOf(event("u1", T0 + GAP, null), before)).isEqualTo("s-old");
        // slightly out of order, still close to the latest event
        assertThat(sessions.sessionOf(event("u1", T0 - 60_000, null), before)).isEqualTo("s-old");
    }

    @Test
    void eventOutsideTheGapOpensANewSession() {
        UserProfile before = after("u1", T0, "s-old");
        String later = sessions.sessionOf(event("u1", T0 + GAP + 1, null), before);
        assertThat(later).isNotNull().isNotEqualTo("s-old");
        String muchEarlier = sessions.sessionOf(event("u1", T0 - GAP - 1, null), before);
        assertThat(muchEarlier).isNotNull().isNotEqualTo("s-old").isNotEqualTo(later);
    }

    @Test
    void firstEventOfAUserOpensASession() {
        String s = sessions.sessionOf(event("u1", T0, null), UserProfile.empty("u1"));
        assertThat(s).isNotBlank();
    }

    @Test
    void newSessionIdsAreDeterministicAndDifferPerUserAndTime() {
        UserProfile none = UserProfile.empty("u1");
        String a = sessions.sessionOf(event("u1", T0, null), none);
        assertThat(sessions.sessionOf(event("u1", T0, null), none)).isEqualTo(a);
        assertThat(sessions.sessionOf(event("u2", T0, null), UserProfile.empty("u2"))).isNotEqualTo(a);
        assertThat(sessions.sessionOf(event("u1", T0 + 1, null), none)).isNotEqualTo(a);
    }

    @Test
    void newSessionThenContinuesThroughTheAggregator() {
        ProfileAggregator aggregator = new ProfileAggregator(dev.brisk.core.model.FeedbackWeights.defaults());
        UserProfile p = UserProfile.empty("u1");
        long[] times = {T0, T0 + GAP / 2, T0 + GAP, T0 + 3 * GAP, T0 + 3 * GAP + 1};
        for (long t : times) {
            Event e = event("u1", t, null);
            String s = sessions.sessionOf(e, p);
            p = aggregator.apply(p, e.withSessionId(s), java.util.List.of(), !s.equals(p.lastSessionId()));
        }
        assertThat(p.sessionCount()).isEqualTo(2);
        assertThat(p.totalInteractions()).isEqualTo(5);
    }
}
