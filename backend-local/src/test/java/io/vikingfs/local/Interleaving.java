package io.vikingfs.local;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * One forced interleaving of two callers: the first runs until a {@link PausingDisk.Pause} holds it inside a
 * protocol step; the second then runs until it has either finished or parked on a lock (waiting for the first);
 * only then is the first released. Which of the two happened is recorded, so a test can tell "the second caller
 * landed in the window" from "it waited" — without sleeps, on every run.
 */
final class Interleaving {
    /** A caller's call. */
    interface Call {
        Object run() throws Exception;
    }

    /** How one call ended: its value, or what it threw. */
    record Outcome(Object value, Throwable error) {
        boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            return ok() ? "returned " + value : "threw " + error;
        }
    }

    /**
     * @param first               the paused caller's outcome
     * @param second              the other caller's outcome
     * @param secondFinishedInWindow whether the second call completed while the first was held
     */
    record Result(Outcome first, Outcome second, boolean secondFinishedInWindow) {
    }

    private Interleaving() {
    }

    static Result run(PausingDisk.Pause pause, Call first, Call second) throws Exception {
        FutureTask<Object> a = new FutureTask<>(first::run);
        Thread ta = new Thread(a, "interleaving-first");
        ta.start();
        try {
            while (!pause.reached(10)) {
                if (a.isDone()) {
                    throw new AssertionError("the first caller " + outcome(a) + " before reaching " + pause
                            + ": the protocol no longer takes this step, so the window is not tested");
                }
            }
            FutureTask<Object> b = new FutureTask<>(second::run);
            Thread tb = new Thread(b, "interleaving-second");
            tb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!b.isDone() && !parkedOnALock(tb)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the second caller neither finished nor waited for a lock within 30 s "
                            + "while the first was held at " + pause);
                }
                Thread.onSpinWait();
            }
            boolean inWindow = b.isDone();
            pause.release();
            return new Result(outcome(a), outcome(b), inWindow);
        } finally {
            pause.release();
            ta.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    /**
     * Parked on a {@code java.util.concurrent} lock (the protocols' in-process locks are ReentrantLocks; a queued
     * appender parks with the log's lock as blocker until the writer holding it has written its batch).
     */
    static boolean parkedOnALock(Thread t) {
        Thread.State s = t.getState();
        Object blocker = LockSupport.getBlocker(t);
        return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
                && (blocker instanceof AbstractQueuedSynchronizer || blocker instanceof java.util.concurrent.locks.Lock);
    }

    private static Outcome outcome(FutureTask<Object> task) throws InterruptedException {
        try {
            return new Outcome(task.get(60, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome(null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a caller did not finish within 60 s after the pause was released", e);
        }
    }
}
