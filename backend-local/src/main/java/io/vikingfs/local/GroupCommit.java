package io.vikingfs.local;

import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Shares one flush among every caller that needs it (group commit). A writer {@link #register registers} its
 * change once the change is complete and gets a sequence number; {@link #await} returns once a flush that started
 * after the registration has completed. One caller (the leader) runs the flush while the others wait; every change
 * registered before the flush started is covered by it, so N concurrent waiters cost one or two flushes, not N.
 *
 * <p><b>Gathering.</b> Writers may be announced before they write (the {@code announced} count given at
 * construction, e.g. the appenders inside a log's {@code append}; call {@link #poke} when it drops). When some
 * announced writer has not reached {@link #await} yet, the leader waits for it — at most twice the last flush's
 * duration (0.2 to 2 ms) — before starting, so that writers released by one flush join the next instead of
 * splitting into two alternating cohorts. A lone writer never waits.
 *
 * <p><b>Waking.</b> No lock is taken: the leader is elected by one compare-and-set, and when its flush ends it wakes
 * each waiter it covered directly, plus one waiter it did not cover to lead the next flush. (Waking them through a
 * shared monitor made them re-acquire it one after another — a chain of wake-ups, each waiting for the previous
 * thread to be scheduled, which with 16 appenders on 2 cores took longer than the flush.) A thread can also be
 * {@link #enroll enrolled} by the writer that wrote its change while it sleeps elsewhere: the flush wakes it as it
 * wakes a parked waiter, so it is woken once, not once for the write and once more for the flush. A writer that
 * arrives while the leader gathers may hand its change to the leader, which writes every change handed to it in one
 * write before its flush ({@link Flush#beforeFlush}): the cohort woken by one flush then costs one write, not one
 * per writer.
 *
 * <p>A failed flush is final (the device may have dropped the dirty data): every present and later {@link #await}
 * throws it. Each flush is reported to the store's {@link Telemetry} with how many changes it covered.
 */
final class GroupCommit {
    /** One flush. */
    interface Flush {
        void run() throws IOException;

        /**
         * Run by the leader once its gathering has ended, before the changes its flush covers are counted: a writer
         * that left its change to the gathering leader ({@link #gathering}) has it written here, inside this flush.
         */
        default void beforeFlush() {
        }
    }

    /** A thread parked in {@link #await}, or {@link #enroll enrolled} for it, until {@code sequence} is durable. */
    record Waiter(Thread thread, long sequence) {
    }

    private static final long MIN_GATHER_NANOS = 200_000;
    private static final long MAX_GATHER_NANOS = 2_000_000;

    private final IntSupplier announced;
    private final Telemetry telemetry;
    private final FlushKind kind;
    /** What the flush forces, as reported (the file or directory): made once, a Jimfs path's text is not cheap. */
    private final String flushed;
    private final AtomicLong registered = new AtomicLong();
    /** Every change up to this sequence is durable. */
    private volatile long durable;
    private volatile IOException failure;
    /** Set by the leader for the length of its gathering and flush. */
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** Threads inside {@link #await} that are not running a flush (the gathering leader counts itself). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiter> parked = new ConcurrentLinkedQueue<>();
    /** The leader while it gathers: woken when the last announced writer arrives. */
    private volatile Thread gatherer;
    private volatile long lastFlushNanos;
    /** Run by a leader when it starts gathering (tests: to act inside that window); none in production. */
    private volatile Runnable onGathering;
    /**
     * Run by a parked waiter when it wakes, before it looks for an interrupt (tests: an interrupt landing after a
     * flush woke it to lead the next one, before it took the lead); none in production.
     */
    private volatile Runnable onWoken;

    private static final VarHandle DURABLE;
    private static final VarHandle LAST_FLUSH_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DURABLE = lookup.findVarHandle(GroupCommit.class, "durable", long.class);
            LAST_FLUSH_NANOS = lookup.findVarHandle(GroupCommit.class, "lastFlushNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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

    /**
     * Whether a leader is gathering writers right now. A writer that sees it may leave its change for the leader to
     * write ({@link Flush#beforeFlush}) instead of writing it itself; it must check again after handing its change
     * over, since a leader that has stopped gathering may have looked for changes left to it before the hand-over.
     */
    boolean gathering() {
        return gatherer != null;
    }

    /** Tells a gathering leader that the announced count changed. */
    void poke() {
        wakeGatherer();
    }

    /** Records a completed change; the returned number is what {@link #await} waits for. */
    long register() {
        return registered.incrementAndGet();
    }

    /**
     * Returns once every change registered up to {@code sequence} is durable, running {@code flush} if no one else
     * is running one that covers it.
     *
     * @throws IOException the flush failure (this one's or an earlier one's): durability is lost
     */
    void await(long sequence, Flush flush) throws IOException {
        await(sequence, flush, null);
    }

    /**
     * Enrolls {@code thread}, parked elsewhere, as a waiter for change {@code sequence}: the flush that covers it
     * wakes it. The writer that wrote another thread's change enrolls it, so that thread sleeps once per durable
     * change (until the flush) instead of twice (woken for the write, parked again for the flush). The thread then
     * calls {@link #await(long, Flush, Waiter)} with the result, or {@link #leave} if it will not wait. Call
     * {@link #wakeIfCovered} once the thread can see its change written.
     */
    Waiter enroll(Thread thread, long sequence) {
        Waiter w = new Waiter(thread, sequence);
        waiting.incrementAndGet(); // arrived, for a gathering leader: it waits for no one already written
        parked.add(w);
        return w;
    }

    /** Wakes an enrolled thread whose change a flush covered (or failed) before it was enrolled. */
    void wakeIfCovered(Waiter enrolled) {
        // The flush may have ended before the waiter was added: its wake-up went to those it saw.
        if (durable >= enrolled.sequence() || failure != null) {
            LockSupport.unpark(enrolled.thread());
        }
    }

    /** Withdraws an {@link #enroll enrolled} waiter that will not call {@link #await}. */
    void leave(Waiter enrolled) {
        waiting.decrementAndGet();
        dequeue(enrolled);
    }

    /** As {@link #await(long, Flush)}, for a thread {@link #enroll enrolled} as {@code enrolled} (or null). */
    void await(long sequence, Flush flush, Waiter enrolled) throws IOException {
        if (enrolled == null) {
            waiting.incrementAndGet();
            wakeGatherer();
        }
        boolean counted = true;
        Waiter me = enrolled;
        try {
            while (true) {
                IOException failed = failure;
                if (failed != null) {
                    throw failed;
                }
                if (durable >= sequence) {
                    return;
                }
                if (flushing.compareAndSet(false, true)) {
                    counted = false;
                    lead(flush);
                    continue; // covered now, or the flush failed
                }
                if (me == null) {
                    me = new Waiter(Thread.currentThread(), sequence);
                    parked.add(me);
                    continue; // the flush may have ended before this waiter was seen: check again before parking
                }
                LockSupport.park(this);
                run(onWoken);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a shared flush");
                }
            }
        } finally {
            if (counted) {
                waiting.decrementAndGet();
            }
            if (me != null) {
                dequeue(me);
            }
        }
    }

    private void dequeue(Waiter me) {
        parked.remove(me);
        if (failure == null && durable < me.sequence() && !flushing.get()) {
            wakeNextLeader(); // leaving uncovered (interrupted): another waiter must lead the next flush
        }
    }

    /** As the elected leader: gathers, flushes, records the outcome, wakes the waiters. */
    private void lead(Flush flush) throws IOException {
        try {
            gather();
        } catch (InterruptedIOException e) {
            waiting.decrementAndGet();
            flushing.set(false);
            wakeNextLeader(); // no flush ran: a waiter must lead one, or every later await would wait forever
            throw e;
        }
        waiting.decrementAndGet();
        try {
            flush.beforeFlush();
        } catch (RuntimeException | Error e) {
            flushing.set(false);
            wakeNextLeader(); // as for an interrupted gathering: no flush ran, a waiter must lead one
            throw e;
        }
        long target = registered.get();
        long covered = target - durable;
        // Timed only where the duration is used: by telemetry, or by a later gathering, which needs writers other
        // than this one (a lone durable append on the memory backend paid two clock reads, ~50 ns, for nothing).
        boolean timed = telemetry.timesFlushes() || announced.getAsInt() > 1;
        long started = timed ? System.nanoTime() : 0;
        IOException error = null;
        try {
            flush.run();
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException(e.toString(), e);
        } catch (Error e) {
            // recorded before it propagates: with no failure set, the changes would count as durable
            error = new IOException(e.toString(), e);
            throw e;
        } finally {
            long took = timed ? System.nanoTime() - started : 0;
            // Release stores, no fence of their own: flushing.set(false) below, a full fence, orders both before any
            // waiter it can be seen by (a lone durable append paid two fences more per call).
            if (timed) {
                LAST_FLUSH_NANOS.setRelease(this, took);
            }
            if (error == null) {
                DURABLE.setRelease(this, target);
            } else {
                failure = error;
            }
            flushing.set(false);
            wakeAfterFlush(target);
            telemetry.listener().flush(kind, flushed, took, covered, error != null);
        }
        if (error != null) {
            throw error;
        }
    }

    /** Wakes every waiter the flush up to {@code target} covered (all of them after a failure), and a next leader. */
    private void wakeAfterFlush(long target) {
        if (parked.isEmpty()) {
            return; // a lone writer: no iterator to make (a waiter added now re-checks before it parks)
        }
        boolean all = failure != null;
        boolean nextLeader = false;
        Thread self = Thread.currentThread();
        for (Waiter w : parked) {
            if (w.thread() == self) {
                continue;
            }
            if (all || w.sequence() <= target) {
                LockSupport.unpark(w.thread());
            } else if (!nextLeader) {
                LockSupport.unpark(w.thread());
                nextLeader = true;
            }
        }
    }

    private void wakeNextLeader() {
        Waiter next = parked.peek();
        if (next != null) {
            LockSupport.unpark(next.thread());
        }
    }

    private void wakeGatherer() {
        Thread g = gatherer;
        if (g != null && announced.getAsInt() <= waiting.get()) {
            LockSupport.unpark(g);
        }
    }

    /** As leader, waits briefly for announced writers that have not reached {@link #await} yet. */
    private void gather() throws InterruptedIOException {
        if (announced.getAsInt() <= waiting.get()) {
            return;
        }
        long deadline = System.nanoTime() + Math.min(Math.max(2 * lastFlushNanos, MIN_GATHER_NANOS), MAX_GATHER_NANOS);
        gatherer = Thread.currentThread();
        try {
            run(onGathering);
            while (announced.getAsInt() > waiting.get()) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while gathering writers for a shared flush");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            gatherer = null;
        }
    }

    /** Sets what a leader runs when it starts gathering: a seam for tests, which can act inside that window. */
    void onGathering(Runnable hook) {
        onGathering = hook;
    }

    /** Sets what a parked waiter runs when it wakes: a seam for tests, which can act inside that window. */
    void onWoken(Runnable hook) {
        onWoken = hook;
    }

    private static void run(Runnable hook) {
        if (hook != null) {
            hook.run();
        }
    }

    boolean failed() {
        return failure != null;
    }

    /** Whether no thread waits, is enrolled or is counted as waiting (tests: no waiter is ever left behind). */
    boolean idle() {
        return parked.isEmpty() && waiting.get() == 0;
    }
}
