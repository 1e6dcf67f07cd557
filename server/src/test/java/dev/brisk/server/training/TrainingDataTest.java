package dev.brisk.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.model.InteractionLog;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ErasureStore;
import dev.brisk.server.store.EventLog;
import dev.brisk.server.store.InteractionReader;
import dev.brisk.server.store.ProfileStore;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer's data takes this instance's commits from the ingest path, by row id, without reading
 * them back: never twice (whether the table or the ingest path brought a row first), filling the
 * gaps it left, and never one of a user erased since.
 */
class TrainingDataTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final long PATIENCE = 60_000;

    @TempDir
    Path dir;

    private final AtomicInteger ids = new AtomicInteger();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void committedEventsAreTakenFromMemoryWithoutReadingTheTable(String dialect) {
        Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "training_data_memory"));
        TrainingData data = new TrainingData(new InteractionReader(db, EventTypes.BUILT_IN), PATIENCE);
        List<Event> before = List.of(event("u1", "i1"), event("u2", "i2"));
        store(db, before);
        data.loadAll(0, read -> { });
        assertThat(data.size()).isEqualTo(2);

        List<Event> committed = List.of(event("u3", "i1"), event("u1", "i3"), event("u4", "i4"));
        long[] rowIds = store(db, committed);
        assertThat(data.offerCommitted(committed, rowIds)).isTrue();
        // Any read of the table would fail from here on.
        db.close();

        assertThat(data.applyCommitted()).isEqualTo(3);
        assertThat(pairs(data)).containsExactly("u1 i1", "u2 i2", "u3 i1", "u1 i3", "u4 i4");
        assertThat(data.snapshot().eventsThrough()).isEqualTo(rowIds[2]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCommitIsTakenOnceWhetherTheTableOrTheIngestPathBringsItFirst(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "training_data_once"))) {
            TrainingData data = new TrainingData(new InteractionReader(db, EventTypes.BUILT_IN), PATIENCE);
            data.loadAll(0, read -> { });

            List<Event> first = List.of(event("u1", "i1"), event("u2", "i2"));
            long[] firstIds = store(db, first);
            assertThat(data.catchUp()).isEqualTo(2);
            assertThat(data.offerCommitted(first, firstIds)).isTrue();
            assertThat(data.applyCommitted()).isZero();
            assertThat(data.readBack()).isEqualTo(2);

            List<Event> second = List.of(event("u3", "i3"), event("u1", "i4"));
            long[] secondIds = store(db, second);
            assertThat(data.offerCommitted(second, secondIds)).isTrue();
            assertThat(data.applyCommitted()).isEqualTo(2);
            assertThat(data.catchUp()).isZero();
            assertThat(data.takenFromIngest()).isEqualTo(2);
            assertThat(data.readFromTable()).isEqualTo(2);
            assertThat(data.readBack()).isEqualTo(2);

            assertThat(pairs(data)).containsExactly("u1 i1", "u2 i2", "u3 i3", "u1 i4");
            assertThat(data.openGaps()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anOfferedEventFillsTheGapItsRowLeftAndIdsItSkipsBecomeOne(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "training_data_gaps"))) {
            TrainingData data = new TrainingData(new InteractionReader(db, EventTypes.BUILT_IN), PATIENCE);
            insertRow(db, 1, "u1", "i1");
            data.loadAll(0, read -> { });
            // Another transaction took id 2 but committed after id 3 was read.
            insertRow(db, 3, "u3", "i3");
            assertThat(data.catchUp()).isEqualTo(1);
            assertThat(data.openGaps()).isEqualTo(1);

            insertRow(db, 2, "u2", "i2");
            assertThat(data.offerCommitted(List.of(event("u2", "i2")), new long[] {2})).isTrue();
            assertThat(data.applyCommitted()).isEqualTo(1);
            assertThat(data.openGaps()).isZero();
            assertThat(data.catchUp()).as("the gap filled is not read again").isZero();

            // Offered ids out of order (two parts of one group), above ids not read yet (4 to 6).
            insertRow(db, 8, "u8", "i8");
            insertRow(db, 7, "u7", "i7");
            assertThat(data.offerCommitted(List.of(event("u8", "i8"), event("u7", "i7")), new long[] {8, 7})).isTrue();
            assertThat(data.applyCommitted()).isEqualTo(2);
            assertThat(data.openGaps()).isEqualTo(1);
            insertRow(db, 5, "u5", "i5");
            assertThat(data.catchUp()).isEqualTo(1);

            assertThat(pairs(data)).containsExactly("u1 i1", "u3 i3", "u2 i2", "u7 i7", "u8 i8", "u5 i5");
            assertThat(data.snapshot().eventsThrough()).isEqualTo(8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void noEventOfAUserErasedAfterItsCommitIsTrainedOn(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "training_data_erased"))) {
            TrainingData data = new TrainingData(new InteractionReader(db, EventTypes.BUILT_IN), PATIENCE);
            ErasureStore erasures = new ErasureStore(db, new ProfileStore(db), EventTypes.BUILT_IN);
            data.loadAll(0, read -> { });

            List<Event> committed = List.of(event("u1", "i1"), event("u2", "i2"));
            long[] committedIds = store(db, committed);
            assertThat(data.offerCommitted(committed, committedIds)).isTrue();
            erasures.eraseUser("u1", T0 + 100);
            data.catchUp();
            assertThat(pairs(data)).containsExactly("u2 i2");

            // Committed before the erasure, offered only after it was applied: its row is gone.
            Event late = event("u1", "i3");
            assertThat(data.offerCommitted(List.of(late), new long[] {committedIds[1] + 1})).isTrue();
            assertThat(data.applyCommitted()).isZero();
            data.catchUp();
            assertThat(pairs(data)).containsExactly("u2 i2");

            // The user's events after the erasure are trained on, from the table.
            List<Event> after = List.of(event("u1", "i4"));
            long[] afterIds = store(db, after);
            assertThat(data.offerCommitted(after, afterIds)).isTrue();
            assertThat(data.applyCommitted()).isZero();
            assertThat(data.catchUp()).isEqualTo(1);
            assertThat(pairs(data)).containsExactly("u2 i2", "u1 i4");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite"})
    void nothingIsTakenBeforeTheFullReadOrWithoutRowIds(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "training_data_refused"))) {
            TrainingData data = new TrainingData(new InteractionReader(db, EventTypes.BUILT_IN), PATIENCE);
            List<Event> early = List.of(event("u1", "i1"));
            long[] earlyIds = store(db, early);
            assertThat(data.offerCommitted(early, earlyIds)).isFalse();
            data.loadAll(0, read -> { });
            assertThat(data.applyCommitted()).isZero();

            List<Event> unknown = List.of(event("u2", "i2"));
            store(db, unknown);
            assertThat(data.offerCommitted(unknown, new long[] {0})).isFalse();
            assertThat(data.catchUp()).isEqualTo(1);
            assertThat(pairs(data)).containsExactly("u1 i1", "u2 i2");

            data.clear();
            assertThat(data.offerCommitted(List.of(event("u3", "i3")), new long[] {99})).isFalse();
        }
    }

    private Event event(String user, String item) {
        int n = ids.incrementAndGet();
        return new Event("ev-" + n, user, item, EventType.VIEW, Double.NaN, T0 + n, null, null, null);
    }

    private static long[] store(Database db, List<Event> events) {
        return db.inTransaction(c -> new EventLog(db).insert(c, events, T0));
    }

    /** A row under a given id, as a transaction that took it earlier or later would leave it. */
    private void insertRow(Database db, long id, String user, String item) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (id, event_id, user_id, item_id,"
                    + " event_type, timestamp, received_at) VALUES (?, ?, ?, ?, 'view', ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, "row-" + id);
                ps.setString(3, user);
                ps.setString(4, item);
                ps.setLong(5, T0 + id);
                ps.setLong(6, T0);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** "user item" of every interaction held, in the order taken. */
    private static List<String> pairs(TrainingData data) {
        InteractionLog log = data.snapshot().log();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            out.add(log.users().idAt(log.userAt(i)) + " " + log.items().idAt(log.itemAt(i)));
        }
        return out;
    }
}
