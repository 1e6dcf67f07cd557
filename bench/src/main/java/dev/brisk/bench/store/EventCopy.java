package dev.brisk.bench.store;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/** Fills a fresh schema's {@code user_events} (and {@code items}) with COPY, for benchmarks that need millions of rows. */
public final class EventCopy {
    private EventCopy() {
    }

    /** COPYs the events in chunks of about 8 MB, then ANALYZEs the table. */
    public static void events(Connection c, String schema, List<Event> events) throws SQLException, java.io.IOException {
        var copier = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder rows = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            rows.append(e.eventId()).append('\t').append(e.userId()).append('\t').append(e.itemId()).append('\t')
                    .append(e.type().wireName()).append('\t').append(e.hasRating() ? Double.toString(e.rating()) : "\\N")
                    .append('\t').append(e.timestamp()).append('\t').append(now).append('\t')
                    .append(e.sessionId() == null ? "\\N" : e.sessionId()).append("\tdemo\t\\N\n");
            if (rows.length() > 8_000_000 || i == events.size() - 1) {
                copier.copyIn("COPY " + schema + ".user_events (event_id, user_id, item_id, event_type, rating,"
                        + " timestamp, received_at, session_id, source, recommendation_id) FROM STDIN",
                        new StringReader(rows.toString()));
                rows.setLength(0);
            }
        }
        c.createStatement().execute("ANALYZE " + schema + ".user_events");
    }

    /** COPYs the catalog (genres '|'-separated, no properties). */
    public static void items(Connection c, String schema, List<Item> items) throws SQLException, java.io.IOException {
        long now = System.currentTimeMillis();
        StringBuilder rows = new StringBuilder();
        for (Item item : items) {
            rows.append(item.itemId()).append('\t').append(item.title().replace('\t', ' ')).append('\t')
                    .append(String.join("|", item.genres())).append("\t{}\t").append(now).append('\t').append(now)
                    .append("\ttrue\n");
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + ".items (item_id, title, genres, properties,"
                + " created_at, updated_at, active) FROM STDIN", new StringReader(rows.toString()));
    }
}
