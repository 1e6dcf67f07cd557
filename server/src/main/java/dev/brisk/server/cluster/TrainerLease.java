package dev.brisk.server.cluster;

import dev.brisk.server.store.ClusterStore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which instance on a database trains: the holder of the "trainer" lease, a row renewed
 * every third of its time to live and taken over by another instance once it has expired. An
 * instance that cannot renew in time (database unreachable, a long pause) stops counting itself
 * as the trainer at the moment its lease would expire, before anyone else can take it; the model
 * store refuses snapshots from a holder whose lease is gone, so a late run cannot publish either.
 * On SQLite there is one process, which takes the lease at start whoever held it before.
 */
public final class TrainerLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainerLease.class);

    /** Hears when this instance becomes the trainer and when it stops being it (on the lease's thread). */
    public interface Listener {
        void gained();

        void lost();
    }

    private final ClusterStore store;
    private final String instanceId;
    private final boolean singleProcess;
    private final long ttlMillis;
    private volatile Listener listener;
    private volatile boolean held;
    private volatile long validUntil;
    private volatile String holder;
    private volatile boolean warned;
    private volatile boolean closed;

    public TrainerLease(ClusterStore store, String instanceId, boolean singleProcess, long ttlMillis) {
        this.store = store;
        this.instanceId = instanceId;
        this.singleProcess = singleProcess;
        this.ttlMillis = ttlMillis;
    }

    /** Tries once now (so that the first instance knows at once), then keeps renewing or trying. */
    public void start(ScheduledExecutorService scheduler, Listener listener) {
        this.listener = listener;
        if (singleProcess) {
            store.takeOver(ModelStore.TRAINER_LEASE, instanceId, ttlMillis);
        }
        renew();
        long period = Math.max(100, ttlMillis / 3);
        scheduler.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void renew() {
        if (closed) {
            return;
        }
        long asked = System.currentTimeMillis();
        boolean nowHeld;
        try {
            nowHeld = store.acquire(ModelStore.TRAINER_LEASE, instanceId, ttlMillis);
            if (nowHeld) {
                validUntil = asked + ttlMillis;
                holder = instanceId;
            } else {
                ClusterStore.Holder h = store.holder(ModelStore.TRAINER_LEASE);
                holder = h == null ? null : h.holder();
            }
            if (warned) {
                log.info("The trainer's lease can be renewed again");
                warned = false;
            }
        } catch (RuntimeException e) {
            nowHeld = held && System.currentTimeMillis() < validUntil;
            if (!warned) {
                log.warn("The trainer's lease cannot be renewed: {}", e.getMessage());
                warned = true;
            }
        }
        if (nowHeld && !held) {
            held = true;
            log.info("This instance ({}) trains the models", instanceId);
            listener.gained();
        } else if (!nowHeld && held) {
            held = false;
            log.warn("This instance ({}) no longer holds the trainer's lease; {} trains", instanceId,
                    holder == null ? "no instance yet" : holder);
            listener.lost();
        }
    }

    /** Whether this instance is the one that trains (and its lease has not run out). */
    public boolean held() {
        return held && System.currentTimeMillis() < validUntil;
    }

    /** The instance that trains, as last seen; null when none does. */
    public String holder() {
        return held() ? instanceId : holder;
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (held) {
            held = false;
            try {
                store.release(ModelStore.TRAINER_LEASE, instanceId);
            } catch (RuntimeException e) {
                log.warn("The trainer's lease could not be released; another instance takes it when it expires: {}",
                        e.getMessage());
            }
        }
    }
}
