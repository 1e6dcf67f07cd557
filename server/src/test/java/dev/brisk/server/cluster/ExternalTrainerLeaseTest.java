package dev.brisk.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.InteractionMatrix;
import dev.brisk.core.model.ModelInfo;
import dev.brisk.core.model.Recommender;
import dev.brisk.server.store.ClusterStore;
import dev.brisk.server.store.Database;
import dev.brisk.server.store.ModelSnapshotStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training job outside the service (Spark) stores versions under a lease of its own, beside the service's trainer. */
class ExternalTrainerLeaseTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheHolderOfTheExternalTrainersLeaseStoresAndTheServicesTrainerDoesNotBlockIt() {
        try (Database db = Database.open(new Database.Settings("jdbc:sqlite:" + dir.resolve("brisk.db"), "", "", "", 2))) {
            ClusterStore cluster = new ClusterStore(db);
            ModelStore store = new ModelStore(new ModelSnapshotStore(db), 3);
            List<Recommender> models = List.of(als());
            assertThat(cluster.acquire(ModelStore.TRAINER_LEASE, "instance-a", 60_000)).isTrue();

            assertThat(store.save(models, 10, 10, 5, ModelStore.EXTERNAL_TRAINER_LEASE, "spark:job-1"))
                    .as("no lease taken: refused").isEqualTo(-1);
            assertThat(cluster.acquire(ModelStore.EXTERNAL_TRAINER_LEASE, "spark:job-1", 60_000)).isTrue();
            assertThat(cluster.acquire(ModelStore.EXTERNAL_TRAINER_LEASE, "spark:job-2", 60_000))
                    .as("one external job at a time").isFalse();
            assertThat(store.save(models, 10, 10, 5, ModelStore.EXTERNAL_TRAINER_LEASE, "spark:job-2"))
                    .as("a job without the lease").isEqualTo(-1);
            long id = store.save(models, 10, 10, 5, ModelStore.EXTERNAL_TRAINER_LEASE, "spark:job-1");
            assertThat(id).isPositive();

            ModelSnapshotStore.Head head = store.heads().get(0);
            assertThat(head.id()).isEqualTo(id);
            assertThat(head.trainedBy()).isEqualTo("spark:job-1");
            Recommender back = store.load(head, Catalog.empty()).get(0);
            assertThat(back.info().parameters()).containsEntry("engine", "spark");
            assertThat(cluster.holder(ModelStore.TRAINER_LEASE).holder()).isEqualTo("instance-a");
        }
    }

    private static ImplicitAls als() {
        ModelInfo info = new ModelInfo(ImplicitAls.TYPE, "v1", 1_000, 5, 2, 2, 10, Map.of("engine", "spark"));
        return ImplicitAls.fromItemFactors(info, List.of("i1", "i2"), new float[] {1, 0},
                Catalog.empty(), InteractionMatrix.Settings.defaults(), 2, 0.5, 15,
                new float[] {0.5f, 0.1f, 0f, 0f}, new boolean[] {true, false});
    }
}
