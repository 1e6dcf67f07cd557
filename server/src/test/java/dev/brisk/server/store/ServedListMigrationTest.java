package dev.brisk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.ServedListMarks;
import dev.brisk.server.support.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database written before the compact served-list log keeps its lists through the upgrade: each
 * list becomes one row with its items in position order, and its clicks and purchases carry over,
 * so attribution and experiment results go on from where they were.
 */
class ServedListMigrationTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void listsLoggedItemByItemAreKeptWholeWithTheirClicks(String dialect) throws Exception {
        boolean postgres = dialect.equals("postgresql");
        String schema = postgres ? SharedServices.freshSchema("served_migration") : "";
        String url = postgres ? SharedServices.POSTGRES_URL : "jdbc:sqlite:" + dir.resolve("old.db");
        String user = postgres ? SharedServices.POSTGRES_USER : "";
        try {
            var old = Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration/" + dialect)
                    .target("6");
            if (postgres) {
                old.schemas(schema);
            }
            old.load().migrate();
            try (Connection c = DriverManager.getConnection(url, user, "")) {
                if (postgres) {
                    c.createStatement().execute("SET search_path TO " + schema);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation_logs (request_id, user_id,"
                        + " item_id, position, model_type, model_version, score, served_at, was_clicked, clicked_at,"
                        + " purchased_at, experiment_id, variant) VALUES (?, 'u1', ?, ?, 'als', 'v3', 1.0, 5000, ?, ?, ?, ?, ?)")) {
                    // Inserted out of position order on purpose.
                    Object[][] rows = {{"r1", "i3", 3, true, 7000L, 7500L, "exp", "b"}, {"r1", "i1", 1, false, null, null, "exp", "b"},
                            {"r1", "i2", 2, true, 6000L, null, "exp", "b"}, {"r2", "i9", 1, false, null, null, null, null}};
                    for (Object[] row : rows) {
                        ps.setString(1, (String) row[0]);
                        ps.setString(2, (String) row[1]);
                        ps.setInt(3, (Integer) row[2]);
                        ps.setBoolean(4, (Boolean) row[3]);
                        ps.setObject(5, row[4]);
                        ps.setObject(6, row[5]);
                        ps.setString(7, (String) row[6]);
                        ps.setString(8, (String) row[7]);
                        ps.executeUpdate();
                    }
                }
            }
            try (Database db = Database.open(new Database.Settings(url, user, "", schema, 2))) {
                RecommendationLogStore logs = new RecommendationLogStore(db);
                assertThat(logs.list("r1")).extracting(RecommendationLogStore.ServedRow::itemId)
                        .containsExactly("i1", "i2", "i3");
                assertThat(logs.list("r1")).extracting(RecommendationLogStore.ServedRow::clickedAt)
                        .containsExactly(null, 6000L, 7000L);
                assertThat(logs.list("r2")).extracting(RecommendationLogStore.ServedRow::position).containsExactly(1);
                Long[] marks = db.withConnection(c -> ServedListMarks.of(c, "r1", "i3"));
                assertThat(marks).containsExactly(7000L, 7500L);
                assertThat(new ExperimentStore(db).counts("exp")).singleElement().satisfies(variant -> {
                    assertThat(variant.variant()).isEqualTo("b");
                    assertThat(List.of(variant.users(), variant.lists(), variant.clicks(), variant.purchases()))
                            .containsExactly(1L, 1L, 2L, 1L);
                });
                // A new click on the migrated list is attributed to it.
                RecommendationLogStore.Attribution attribution = db.inTransaction(c -> logs.attribute(c, List.of(
                        new RecommendationLogStore.Click("r1", "u1", "i1", 0, 9_000, 8_000, false))));
                assertThat(attribution.unattributed()).isZero();
                assertThat(logs.list("r1").get(0).clickedAt()).isEqualTo(8_000L);
            }
        } finally {
            if (postgres) {
                SharedServices.dropSchema(schema);
            }
        }
    }
}
