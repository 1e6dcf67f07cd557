package dev.brisk.server.support;

import dev.brisk.server.TestService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Several services on one fresh PostgreSQL schema and one Redis key prefix: one cluster, started
 * the one way tests start a service, each instance under a name of its own. Closing stops every
 * instance still running, newest first, and drops the schema.
 */
public final class Cluster implements AutoCloseable {
    private final String schema;
    private final Map<String, String> settings;
    private final Deque<TestService> running = new ArrayDeque<>();

    /** A cluster whose instances all have {@code extra} settings too. */
    public Cluster(String purpose, Map<String, String> extra) {
        this.schema = SharedServices.freshSchema(purpose);
        this.settings = new HashMap<>(SharedServices.oneCluster(schema, SharedServices.freshRedisPrefix(purpose)));
        this.settings.putAll(extra);
    }

    public String schema() {
        return schema;
    }

    /** Starts an instance named {@code instanceId} (BRISK_INSTANCE_ID). */
    public TestService start(String instanceId) {
        Map<String, String> own = new HashMap<>(settings);
        own.put("BRISK_INSTANCE_ID", instanceId);
        TestService service = TestService.start(false, own);
        running.push(service);
        return service;
    }

    /** Stops one instance (its data stays in the cluster's database). */
    public void stop(TestService service) {
        running.remove(service);
        service.close();
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            running.pop().close();
        }
        SharedServices.dropSchema(schema);
    }
}
