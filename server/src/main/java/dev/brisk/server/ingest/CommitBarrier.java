package dev.brisk.server.ingest;

/**
 * Where the parallel transactions of one group wait for each other before they commit: each part
 * arrives once it has written everything; when all have arrived they commit, and when one fails
 * (or they wait too long) every waiting part is told to roll back.
 */
final class CommitBarrier {
    private final int parties;
    private final long patienceMillis;
    private int arrived;
    private int locked;
    private boolean failed;

    CommitBarrier(int parties, long patienceMillis) {
        this.parties = parties;
        this.patienceMillis = patienceMillis;
    }

    /** Waits until every part has arrived; throws {@link Aborted} when one failed or the wait took too long. */
    synchronized void arrive() {
        arrived++;
        notifyAll();
        if (!waitFor(() -> arrived == parties) && arrived < parties) {
            throw new Aborted();
        }
    }

    /**
     * Part {@code part}'s turn to take its users' locks: after every part before it has taken
     * theirs, so that the group as a whole takes its locks in one global order.
     */
    UserLocks.Turn turn(int part) {
        return new UserLocks.Turn() {
            @Override
            public void await() {
                awaitLockTurn(part);
            }

            @Override
            public void done() {
                lockTaken();
            }
        };
    }

    private synchronized void awaitLockTurn(int part) {
        if (!waitFor(() -> locked >= part)) {
            throw new Aborted();
        }
    }

    /**
     * Waits (holding this monitor) until {@code done} holds or the group fails; a wait beyond the
     * patience fails the group. Returns whether {@code done} came without a failure.
     */
    private boolean waitFor(java.util.function.BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + patienceMillis;
        try {
            while (!failed && !done.getAsBoolean()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    failed = true;
                    notifyAll();
                    break;
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
            notifyAll();
        }
        return !failed;
    }

    private synchronized void lockTaken() {
        locked++;
        notifyAll();
    }

    /** A part failed before it arrived: the others roll back. */
    synchronized void fail() {
        failed = true;
        notifyAll();
    }

    /** Whether every part arrived, so that each went on to commit. */
    synchronized boolean passed() {
        return arrived == parties;
    }

    /** Another part of the group failed, so this one rolls back. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("another part of the group failed", null, false, false);
        }
    }
}
