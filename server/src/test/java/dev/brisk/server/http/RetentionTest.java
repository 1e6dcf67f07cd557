package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What grows with traffic is pruned: served-list rows and metric snapshots older than their
 * retention are deleted in the background, while recent rows and the rows of experiments stay.
 */
class RetentionTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void rowsOlderThanTheirRetentionArePrunedAndTheRestStays() {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_SERVED_LIST_RETENTION_DAYS", "2",
                "BRISK_METRICS_RETENTION_DAYS", "1", "BRISK_PRUNE_INTERVAL_SECONDS", "1",
                "BRISK_METRICS_SNAPSHOT_SECONDS", "3600"));
             Database db = Database.open(service.config().database())) {
            long now = System.currentTimeMillis();
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO served_lists (request_id, user_id,"
                        + " model_type, model_version, first_position, item_count, items, served_at, experiment_id)"
                        + " VALUES (?, 'u', 'popular', 'v', 1, 2, ?, ?, ?)")) {
                    Object[][] rows = {{"old-1", now - 3 * DAY, null}, {"old-2", now - 5 * DAY, null},
                            {"old-exp", now - 9 * DAY, "exp-kept"}, {"recent", now - DAY, null}};
                    for (Object[] row : rows) {
                        ps.setString(1, (String) row[0]);
                        ps.setString(2, "i1\ni2");
                        ps.setLong(3, (Long) row[1]);
                        ps.setString(4, (String) row[2]);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO served_list_clicks (list_id, position,"
                        + " clicked_at) SELECT id, 2, served_at FROM served_lists")) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO system_metrics (metric_name, metric_value,"
                        + " timestamp, source) VALUES ('cache_size', 1, ?, 'test')")) {
                    for (long at : new long[] {now - 2 * DAY, now - 3 * DAY, now - 3_600_000L}) {
                        ps.setLong(1, at);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
            assertThat(TestService.eventually(java.time.Duration.ofSeconds(20), () ->
                    count(db, "SELECT COUNT(*) FROM served_lists WHERE request_id LIKE 'old-_'") == 0
                            && count(db, "SELECT COUNT(*) FROM system_metrics WHERE source = 'test'") == 1))
                    .as("old rows pruned").isTrue();
            assertThat(count(db, "SELECT COUNT(*) FROM served_lists WHERE request_id = 'old-exp'"))
                    .as("an experiment's lists are kept").isOne();
            assertThat(count(db, "SELECT COUNT(*) FROM served_lists WHERE request_id = 'recent'")).isOne();
            assertThat(count(db, "SELECT COUNT(*) FROM served_list_clicks"))
                    .as("the pruned lists' clicks go with them, the kept ones' stay").isEqualTo(2);
        }
    }

    private static long count(Database db, String sql) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
