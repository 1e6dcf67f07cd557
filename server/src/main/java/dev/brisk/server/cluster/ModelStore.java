package dev.brisk.server.cluster;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.EventTypes;
import dev.brisk.core.model.ModelCodec;
import dev.brisk.core.model.Recommender;
import dev.brisk.server.store.ModelSnapshotStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Trained model versions in the database, shared by every instance: the models of a run are
 * encoded ({@link ModelCodec}), checksummed (SHA-256) and stored by the instance that trains;
 * any instance reads them back, refusing a snapshot whose bytes do not match their checksum or
 * cannot be decoded.
 */
public final class ModelStore {
    /** The lease whose holder trains and alone may store snapshots. */
    public static final String TRAINER_LEASE = "trainer";
    /**
     * The lease a training job outside the service (Spark) holds while it trains and stores: one
     * such job at a time, and one that lost its lease (paused past its expiry) cannot publish. The
     * service's own trainer keeps its lease meanwhile; the newest trained version is served.
     */
    public static final String EXTERNAL_TRAINER_LEASE = "external-trainer";

    private final ModelSnapshotStore snapshots;
    private final int keepVersions;
    private final EventTypes eventTypes;

    /** @param eventTypes the types whose feedback weights a snapshot may name */
    public ModelStore(ModelSnapshotStore snapshots, int keepVersions, EventTypes eventTypes) {
        this.snapshots = snapshots;
        this.keepVersions = keepVersions;
        this.eventTypes = eventTypes;
    }

    /** A snapshot that cannot be served: damaged, or written in a format this version cannot read. */
    public static final class RefusedSnapshot extends RuntimeException {
        public RefusedSnapshot(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Stores the models of one run if {@code holder} still holds the trainer's lease, then prunes
     * old versions. Returns the snapshot's id, or -1 when the lease was lost.
     */
    public long save(List<Recommender> models, long eventsThrough, long interactions, long trainingMillis,
                     String holder) {
        return save(models, eventsThrough, interactions, trainingMillis, TRAINER_LEASE, holder);
    }

    /**
     * As above, with parts that a hybrid among {@code models} blends but that this snapshot does not
     * serve (another engine's version of their type is served): stored with the hybrid, and left out
     * of what {@link #load} returns.
     */
    public long save(List<Recommender> models, List<Recommender> hybridOnly, long eventsThrough, long interactions,
                     long trainingMillis, String holder) {
        return save(models, hybridOnly, eventsThrough, interactions, trainingMillis, TRAINER_LEASE, holder);
    }

    /** As above, fenced by {@code lease} (the trainer's, or {@link #EXTERNAL_TRAINER_LEASE}). */
    public long save(List<Recommender> models, long eventsThrough, long interactions, long trainingMillis,
                     String lease, String holder) {
        return save(models, List.of(), eventsThrough, interactions, trainingMillis, lease, holder);
    }

    private long save(List<Recommender> models, List<Recommender> hybridOnly, long eventsThrough, long interactions,
                      long trainingMillis, String lease, String holder) {
        List<Recommender> all = new java.util.ArrayList<>(hybridOnly); // read before the hybrid that blends them
        all.addAll(models);
        byte[] payload = ModelCodec.encode(all);
        List<String> types = models.stream().map(Recommender::type).toList();
        String version = models.get(0).info().version();
        long users = models.stream().mapToLong(m -> m.info().users()).max().orElse(0);
        long items = models.stream().mapToLong(m -> m.info().items()).max().orElse(0);
        long id = snapshots.add(new ModelSnapshotStore.NewSnapshot(version, types, ModelCodec.FORMAT, sha256(payload),
                payload, eventsThrough, interactions, users, items, trainingMillis), lease, holder);
        if (id > 0) {
            snapshots.prune(keepVersions);
        }
        return id;
    }

    /**
     * Reads and checks one snapshot; its item indexes take titles and genres from {@code catalog}.
     * Only the models the snapshot serves are returned (not the parts stored for a hybrid only).
     */
    public List<Recommender> load(ModelSnapshotStore.Head head, Catalog catalog) {
        byte[] payload = snapshots.payload(head.id());
        if (payload == null) {
            throw new RefusedSnapshot("snapshot " + head.id() + " was pruned before it could be read", null);
        }
        if (!sha256(payload).equals(head.checksum())) {
            throw new RefusedSnapshot("snapshot " + head.id() + " (" + head.version() + ") fails its checksum", null);
        }
        try {
            return ModelCodec.decode(payload, catalog, eventTypes).stream()
                    .filter(m -> head.types().contains(m.type())).toList();
        } catch (ModelCodec.ModelFormatException e) {
            throw new RefusedSnapshot("snapshot " + head.id() + " (" + head.version() + ") cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The newest {@code limit} stored training runs, newest first (kept when their snapshots are pruned). */
    public List<ModelSnapshotStore.TrainingRun> history(int limit) {
        return snapshots.runs(limit);
    }

    public List<ModelSnapshotStore.Head> heads() {
        return snapshots.heads();
    }

    public List<ModelSnapshotStore.Head> newerThan(long id) {
        return snapshots.newerThan(id);
    }

    public long latestId() {
        return snapshots.latestId();
    }

    static String sha256(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
