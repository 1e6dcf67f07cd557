package dev.brisk.spark;

import dev.brisk.server.cluster.ModelStore;
import dev.brisk.server.store.ClusterStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The external trainer's lease, held for the whole job and renewed every third of its time to live:
 * one Spark job trains at a time, and the model store refuses the snapshot of a job whose lease ran
 * out (a job paused past its expiry cannot publish over a newer one).
 */
final class JobLease implements AutoCloseable {
    private final ClusterStore cluster;
    private final String holder;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "brisk-spark-lease");
        t.setDaemon(true);
        return t;
    });

    private JobLease(ClusterStore cluster, String holder) {
        this.cluster = cluster;
        this.holder = holder;
    }

    /** Takes the lease, or explains who holds it. */
    static JobLease take(ClusterStore cluster, String holder, long ttlMillis) {
        if (!cluster.acquire(ModelStore.EXTERNAL_TRAINER_LEASE, holder, ttlMillis)) {
            ClusterStore.Holder other = cluster.holder(ModelStore.EXTERNAL_TRAINER_LEASE);
            throw new IllegalStateException("Another training job (" + (other == null ? "unknown" : other.holder())
                    + ") holds the external trainer's lease; try again when it has finished");
        }
        JobLease lease = new JobLease(cluster, holder);
        long period = Math.max(100, ttlMillis / 3);
        lease.renewer.scheduleWithFixedDelay(() -> {
            try {
                cluster.acquire(ModelStore.EXTERNAL_TRAINER_LEASE, holder, ttlMillis);
            } catch (RuntimeException e) {
                // Not renewed this time: the store refuses the snapshot if the lease runs out meanwhile.
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return lease;
    }

    String holder() {
        return holder;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        cluster.release(ModelStore.EXTERNAL_TRAINER_LEASE, holder);
    }
}
