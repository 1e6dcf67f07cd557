package dev.brisk.server.cluster;

import dev.brisk.core.model.Recommender;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.store.ModelSnapshotStore;
import dev.brisk.server.training.ModelRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the model versions in the model store: at start the newest stored version of each model
 * type, then every snapshot stored after it, as soon as the change feed notices it. A snapshot that
 * fails its checksum or cannot be read is refused once, with an error in the log, and the version
 * being served stays; it is not tried again.
 */
public final class ModelSync {
    private static final Logger log = LoggerFactory.getLogger(ModelSync.class);

    private final ModelStore store;
    private final ModelRegistry registry;
    private final CatalogService catalog;
    private final String instanceId;
    private final Set<Long> refused = new HashSet<>();
    private volatile long seenId;
    private volatile long loadedId;
    private volatile long eventsThrough;
    private volatile String lastRefusal;

    public ModelSync(ModelStore store, ModelRegistry registry, CatalogService catalog, String instanceId) {
        this.store = store;
        this.registry = registry;
        this.catalog = catalog;
        this.instanceId = instanceId;
    }

    /** Serves the newest readable stored version of every model type; returns the types loaded. */
    public synchronized Set<String> loadLatest() {
        List<ModelSnapshotStore.Head> heads = store.heads();
        Set<String> loaded = new HashSet<>();
        if (!heads.isEmpty()) {
            seenId = Math.max(seenId, heads.get(0).id());
        }
        for (ModelSnapshotStore.Head head : heads) {
            if (loaded.containsAll(head.types())) {
                continue;
            }
            List<Recommender> models = read(head);
            if (models == null) {
                continue;
            }
            Map<String, Recommender> wanted = new LinkedHashMap<>();
            for (Recommender model : models) {
                if (!loaded.contains(model.type())) {
                    wanted.put(model.type(), model);
                }
            }
            // A hybrid and its parts come from the same run: a run's parts replace older ones only together.
            wanted.values().forEach(registry::publishIfNewer);
            loaded.addAll(wanted.keySet());
            eventsThrough = Math.max(eventsThrough, head.eventsThrough());
            loadedId = Math.max(loadedId, head.id());
        }
        if (!loaded.isEmpty()) {
            log.info("Serving stored models {} (snapshots up to {})", loaded, loadedId);
        }
        return loaded;
    }

    /** Serves the snapshots stored since the last look; true when something new was served. */
    public synchronized boolean poll() {
        long latest = store.latestId();
        if (latest <= seenId) {
            return false;
        }
        boolean served = false;
        for (ModelSnapshotStore.Head head : store.newerThan(seenId)) {
            seenId = Math.max(seenId, head.id());
            if (head.trainedBy().equals(instanceId)) {
                // This instance trained it and already serves it.
                loadedId = Math.max(loadedId, head.id());
                continue;
            }
            List<Recommender> models = read(head);
            if (models != null) {
                models.forEach(registry::publishIfNewer);
                loadedId = Math.max(loadedId, head.id());
                eventsThrough = Math.max(eventsThrough, head.eventsThrough());
                served = true;
                log.info("Serving {} version {} from the model store (trained by {})", head.types(), head.version(),
                        head.trainedBy());
            }
        }
        return served;
    }

    /** Notes a snapshot this instance stored itself, so that polling does not read it back. */
    public synchronized void stored(long id, long through) {
        loadedId = Math.max(loadedId, id);
        eventsThrough = Math.max(eventsThrough, through);
    }

    private List<Recommender> read(ModelSnapshotStore.Head head) {
        if (refused.contains(head.id())) {
            return null;
        }
        try {
            return store.load(head, catalog.current());
        } catch (ModelStore.RefusedSnapshot e) {
            refused.add(head.id());
            lastRefusal = e.getMessage();
            log.error("Refused a stored model snapshot; the models being served stay: {}", e.getMessage());
            return null;
        }
    }

    /** The newest snapshot id served (or stored) by this instance, 0 before any. */
    public long loadedId() {
        return loadedId;
    }

    /** The newest event row id in the training data of the models served. */
    public long eventsThrough() {
        return eventsThrough;
    }

    /** Why the last refused snapshot was refused; null when none was. */
    public String lastRefusal() {
        return lastRefusal;
    }
}
