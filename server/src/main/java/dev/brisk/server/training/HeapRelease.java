package dev.brisk.server.training;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Gives the heap a training run needed back to the operating system once the run is over.
 * <p>A run allocates in a burst (its data's snapshot, the models' matrices, the validation split),
 * and G1 grows the committed heap for it up to the cap; it shrinks the heap again only at the end
 * of a concurrent cycle, which a busy service with a small live set may not start for hours, so
 * resident memory would stay at its peak. With {@code -XX:+ExplicitGCInvokesConcurrent} (which
 * {@code ./brisk} and the container image set), {@link System#gc()} starts such a cycle without
 * stopping the application, and with {@code -XX:MaxHeapFreeRatio} the heap then shrinks to the
 * live data plus that share. Without the option {@code System.gc()} would be a full stop-the-world
 * collection, so nothing is done.
 */
public final class HeapRelease {
    private static final boolean CONCURRENT = explicitGcIsConcurrent();

    private HeapRelease() {
    }

    /** Whether {@link #afterBurst()} starts a concurrent cycle in this JVM. */
    public static boolean enabled() {
        return CONCURRENT;
    }

    /** Starts a concurrent collection when that cannot pause serving; true if one was started. */
    public static boolean afterBurst() {
        if (!CONCURRENT) {
            return false;
        }
        System.gc();
        return true;
    }

    private static boolean explicitGcIsConcurrent() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("ExplicitGCInvokesConcurrent").getValue())
                    && !Boolean.parseBoolean(hotspot.getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException e) {
            return false; // another JVM: leave the heap to its collector
        }
    }
}
