package dev.brisk.bench.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A bounded window of several database sessions writing rows at once, each on a thread of its own. */
final class SessionWindow {
    /** What one session does until the window ends: writes rows, and says how many. */
    interface Session {
        long write(int session, long endNanos) throws Exception;
    }

    private SessionWindow() {
    }

    /** Runs {@code sessions} sessions for {@code seconds}; rows per second of all of them. The first failure is thrown. */
    static double rowsPerSecond(int sessions, int seconds, String threadName, Session body) throws Exception {
        AtomicLong rows = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int t = 0; t < sessions; t++) {
            int session = t;
            Thread thread = new Thread(() -> {
                try {
                    rows.addAndGet(body.write(session, end));
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, threadName + "-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return rows.get() / ((System.nanoTime() - start) / 1e9);
    }
}
