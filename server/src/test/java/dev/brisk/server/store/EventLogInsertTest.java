package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event log's insert stores every column as given, whatever characters the texts hold
 * (backslashes, line breaks, text that reads like SQL's or COPY's null), and refuses a group
 * holding an id that is already stored, keeping none of it.
 */
class EventLogInsertTest {
    private static final long T0 = 1_790_000_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void everyColumnIsStoredAsGivenWhateverItsCharacters(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "event_insert"))) {
            EventLog log = new EventLog(db);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("path", "C:\\films\\new");
            metadata.put("note", "tab\there, line\nthere, \\N, \"quoted\"");
            metadata.put("n", 3);
            List<Event> events = List.of(
                    new Event("e\\1", "user\\N", "item\\t", EventType.VIEW, Double.NaN, T0, "s\\n", "app\\r", null,
                            metadata),
                    new Event("e-2", "üser ☃", "ítem", EventType.RATING, 4.5, T0 + 1, null, null, "list\\1", null),
                    new Event("e-3", "\\N", "i", EventType.CLICK, Double.NaN, T0 + 2, "", "", "", Map.of()));
            long[] inserted = db.inTransaction(c -> log.insert(c, events, T0 + 10));
            assertThat(inserted).hasSize(3);
            assertThat(inserted[0]).isPositive();
            assertThat(inserted[1]).isGreaterThan(inserted[0]);
            assertThat(inserted[2]).isGreaterThan(inserted[1]);

            List<List<Object>> rows = db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT event_id, user_id, item_id, event_type, rating,"
                        + " timestamp, received_at, session_id, source, recommendation_id, metadata, id FROM user_events"
                        + " ORDER BY id");
                     ResultSet rs = ps.executeQuery()) {
                    List<List<Object>> out = new ArrayList<>();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= 12; i++) {
                            Object v = rs.getObject(i);
                            row.add(v instanceof Number n && i != 5 ? n.longValue() : v);
                        }
                        out.add(row);
                    }
                    return out;
                }
            });
            assertThat(rows).hasSize(3);
            // The row ids reported back are those the rows were stored under, in the events' order.
            List<Object> rowIds = rows.stream().map(row -> row.remove(11)).toList();
            assertThat(rowIds).containsExactly(inserted[0], inserted[1], inserted[2]);
            assertThat(rows.get(0)).containsExactly("e\\1", "user\\N", "item\\t", "view", null, T0, T0 + 10, "s\\n",
                    "app\\r", null, Json.write(metadata));
            assertThat(((Number) rows.get(1).get(4)).doubleValue()).isEqualTo(4.5);
            assertThat(rows.get(1).subList(0, 4)).containsExactly("e-2", "üser ☃", "ítem",
                    EventType.RATING.wireName());
            assertThat(rows.get(1).subList(7, 11)).containsExactly(null, null, "list\\1", null);
            assertThat(rows.get(2)).containsExactly("e-3", "\\N", "i", "click", null, T0 + 2, T0 + 10, "", "", "",
                    "{}");
            assertThat(Json.read((String) rows.get(0).get(10), Json.MAP_TYPE)).isEqualTo(metadata);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anIdAlreadyStoredFailsTheInsertAndNothingOfItIsKept(String dialect) {
        try (Database db = Database.open(SharedServices.freshDatabase(dialect, dir, "event_insert_again"))) {
            EventLog log = new EventLog(db);
            Event first = new Event("once", "u1", "i1", EventType.VIEW, Double.NaN, T0, null, null, null);
            long[] firstTime = db.inTransaction(c -> log.insert(c, List.of(first), T0));
            assertThat(firstTime[0]).isPositive();
            Event fresh = new Event("fresh", "u2", "i2", EventType.VIEW, Double.NaN, T0 + 1, null, null, null);
            Event again = new Event("once", "u2", "i2", EventType.VIEW, Double.NaN, T0 + 1, null, null, null);
            assertThatThrownBy(() -> db.inTransaction(c -> log.insert(c, List.of(fresh, again), T0 + 1)))
                    .hasCauseInstanceOf(EventLog.IdTaken.class);
            assertThat(log.storedIds(List.of("once", "fresh"))).containsExactly("once");
            long rows = db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM user_events");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isEqualTo(1);
            // The table takes events again afterwards, on the same connections.
            long[] later = db.inTransaction(c -> log.insert(c, List.of(fresh), T0 + 2));
            assertThat(later[0]).isGreaterThan(firstTime[0]);
        }
    }
}
