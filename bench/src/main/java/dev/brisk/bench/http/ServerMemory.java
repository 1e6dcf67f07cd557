package dev.brisk.bench.http;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The memory of a server process seen from outside: its resident set from {@code /proc}, and its
 * heap through the JVM's own management beans, reached by attaching to the process (the local
 * management agent, loopback only) rather than through anything the server serves. Reading the
 * beans does not collect garbage; only {@link #liveHeapAfterFullGc()} does, on purpose.
 */
public final class ServerMemory implements AutoCloseable {
    /** Figures in bytes; {@code heapAfterLastGc} is the heap in use right after the most recent collection. */
    record Figures(long rss, long heapUsed, long heapAfterLastGc, long heapCommitted, long heapMax,
                   long nonHeapUsed) {
    }

    private final long pid;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<GarbageCollectorMXBean> collectors;
    private final Set<String> heapPools;
    private final RuntimeMXBean runtime;

    private ServerMemory(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        MBeanServerConnection beans = connector.getMBeanServerConnection();
        memory = ManagementFactory.getPlatformMXBean(beans, MemoryMXBean.class);
        collectors = ManagementFactory.getPlatformMXBeans(beans, GarbageCollectorMXBean.class);
        heapPools = ManagementFactory.getPlatformMXBeans(beans, MemoryPoolMXBean.class).stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        runtime = ManagementFactory.getPlatformMXBean(beans, RuntimeMXBean.class);
    }

    /** Attaches to the JVM of process {@code pid} (same user, same machine). */
    static ServerMemory attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("Cannot attach to the server's JVM (process " + pid + "): " + e.getMessage(), e);
        }
        return new ServerMemory(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    Figures read() throws IOException {
        long rss = residentBytes(pid);
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return new Figures(rss, heap.getUsed(), heapAfterLastGc(), heap.getCommitted(), heap.getMax(),
                memory.getNonHeapMemoryUsage().getUsed());
    }

    /** Collects all garbage (a full collection, as {@code System.gc()}) and returns the heap still in use. */
    long liveHeapAfterFullGc() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The server JVM's command-line options, as it reports them. */
    List<String> jvmOptions() {
        return runtime.getInputArguments();
    }

    /** Sum of the heap pools after the collection that ended last, whichever collector ran it; -1 before any. */
    private long heapAfterLastGc() {
        GcInfo last = null;
        for (GarbageCollectorMXBean collector : collectors) {
            GcInfo info = collector.getLastGcInfo();
            if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                last = info;
            }
        }
        if (last == null) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> pool : last.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                sum += pool.getValue().getUsed();
            }
        }
        return sum;
    }

    /** VmRSS of {@code /proc/<pid>/status}, in bytes; -1 where there is no such file. */
    public static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the server is gone already
        }
    }
}
