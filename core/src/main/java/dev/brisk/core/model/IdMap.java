package dev.brisk.core.model;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/** A dense index for string ids: id → 0..size-1 and back. Not thread-safe while being built. */
public final class IdMap {
    private final Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
    private final List<String> ids = new ArrayList<>();

    public IdMap() {
        index.defaultReturnValue(-1);
    }

    /** An independent copy: it can be read while this one keeps growing. */
    public IdMap copy() {
        IdMap copy = new IdMap();
        copy.index.ensureCapacity(ids.size());
        for (String id : ids) {
            copy.add(id);
        }
        return copy;
    }

    /** The index of an id, adding it when new. */
    public int add(String id) {
        int existing = index.getInt(id);
        if (existing >= 0) {
            return existing;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }

    /** The index of an id, or -1 when unknown. */
    public int indexOf(String id) {
        return index.getInt(id);
    }

    public String idAt(int index) {
        return ids.get(index);
    }

    public int size() {
        return ids.size();
    }
}
