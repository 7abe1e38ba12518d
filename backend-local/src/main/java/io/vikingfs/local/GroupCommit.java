package io.vikingfs.local;

import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Shares one flush among every caller that needs it (group commit). A writer {@link #register registers} its
 * change once the change is complete and gets a sequence number; {@link #await} returns once a flush that started
 * after the registration has completed. One caller (the leader) runs the flush while the others wait; every change
 * registered before the flush started is covered by it, so N concurrent waiters cost one or two flushes, not N.
 *
 * <p><b>Gathering.</b> Writers may be announced before they write (the {@code announced} count given at
 * construction, e.g. the appenders inside a log's {@code append}; call {@link #poke} when it drops). When some
 * announced writer has not reached {@link #await} yet, the leader waits for it — at most twice the last flush's duration (0.2 to 2 ms) — before
 * starting, so that writers released by one flush join the next instead of splitting into two alternating
 * cohorts. A lone writer never waits.
 *
 * <p>No lock is held while flushing: only this object's own lock, briefly, to pick the leader. A failed flush is
 * final (the device may have dropped the dirty data): every present and later {@link #await} throws it.
 *
 * <p>Each flush is reported to the store's {@link Telemetry} with how many changes it covered.
 */
final class GroupCommit {
    /** One flush. */
    interface Flush {
        void run() throws IOException;
    }

    private static final long MIN_GATHER_NANOS = 200_000;
    private static final long MAX_GATHER_NANOS = 2_000_000;

    private final ReentrantLock monitor = new ReentrantLock();
    /** Signalled when a flush ends: waiters re-check whether they are covered or must lead. */
    private final Condition flushEnded = monitor.newCondition();
    /** Signalled when a writer arrives or leaves: a gathering leader re-counts. */
    private final Condition arrivals = monitor.newCondition();
    private final IntSupplier announced;
    private final Telemetry telemetry;
    private final FlushKind kind;
    /** What the flush forces, as reported (the file or directory): made once, a Jimfs path's text is not cheap. */
    private final String flushed;
    private long registered;
    private long durable;
    private boolean flushing;
    private boolean gathering;
    private IOException failure;
    private int waiting;
    private long lastFlushNanos;

    /** A group whose leader never waits for announced writers (directory syncs). */
    GroupCommit(Telemetry telemetry, FlushKind kind, Object flushed) {
        this(() -> 0, telemetry, kind, flushed);
    }

    /** @param announced how many writers are between announcing themselves and leaving (they may register soon) */
    GroupCommit(IntSupplier announced, Telemetry telemetry, FlushKind kind, Object flushed) {
        this.announced = announced;
        this.telemetry = telemetry;
        this.kind = kind;
        this.flushed = flushed.toString();
    }

    /** Tells a gathering leader that the announced count changed. */
    void poke() {
        monitor.lock();
        try {
            if (gathering) {
                arrivals.signal();
            }
        } finally {
            monitor.unlock();
        }
    }

    /** Records a completed change; the returned number is what {@link #await} waits for. */
    long register() {
        monitor.lock();
        try {
            return ++registered;
        } finally {
            monitor.unlock();
        }
    }

    /**
     * Returns once every change registered up to {@code sequence} is durable, running {@code flush} if no one else
     * is running one that covers it.
     *
     * @throws IOException the flush failure (this one's or an earlier one's): durability is lost
     */
    void await(long sequence, Flush flush) throws IOException {
        long target;
        long covered;
        monitor.lock();
        try {
            waiting++;
            if (gathering) {
                arrivals.signal();
            }
            try {
                while (true) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (durable >= sequence) {
                        return;
                    }
                    if (!flushing) {
                        break;
                    }
                    flushEnded.await();
                }
                flushing = true;
                gather();
                target = registered;
                covered = target - durable;
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a shared flush");
        } finally {
            monitor.unlock();
        }
        long started = System.nanoTime();
        long took = 0;
        IOException error = null;
        try {
            flush.run();
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException(e.toString(), e);
        } catch (Error e) {
            // recorded before it propagates: with no failure set, the finally would count the changes durable
            // and every later waiter would return as if flushed
            error = new IOException(e.toString(), e);
            throw e;
        } finally {
            monitor.lock();
            try {
                flushing = false;
                took = System.nanoTime() - started;
                lastFlushNanos = took;
                if (error == null) {
                    durable = Math.max(durable, target);
                } else {
                    failure = error;
                }
                flushEnded.signalAll();
            } finally {
                monitor.unlock();
            }
        }
        telemetry.listener().flush(kind, flushed, took, covered, error != null);
        if (error != null) {
            throw error;
        }
    }

    /** As leader (monitor held), waits briefly for announced writers that have not reached {@link #await} yet. */
    private void gather() throws InterruptedException {
        long left = Math.min(Math.max(2 * lastFlushNanos, MIN_GATHER_NANOS), MAX_GATHER_NANOS);
        gathering = true;
        try {
            while (announced.getAsInt() > waiting && left > 0) {
                left = arrivals.awaitNanos(left);
            }
        } finally {
            gathering = false;
        }
    }

    boolean failed() {
        monitor.lock();
        try {
            return failure != null;
        } finally {
            monitor.unlock();
        }
    }
}
