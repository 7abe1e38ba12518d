package io.vikingfs.local;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code FileLock}s of logs held across a burst of appends, JVM-wide. Taking and dropping a log's
 * {@code FileLock} costs two system calls per append, and checking that the path still names the open file a
 * third; an appender instead keeps the lock between appends and checks the file once per acquisition
 * ({@link LogAppender}). This class bounds how long another process can be kept out:
 * <ul>
 *   <li>a lock unused for {@link #IDLE_NANOS} is released by a daemon thread (checked every {@link #SCAN_NANOS});</li>
 *   <li>a lock held for {@link #MAX_HOLD_NANOS} while another process waits for it (a waiter announces itself,
 *       {@link io.vikingfs.local.disk.DiskLock#waitedFor()}; the holder asks every {@link #WAITER_PROBE_NANOS}
 *       once the hold is that old) is released by the next append, which then waits {@link #COOLDOWN_NANOS}
 *       before taking it again, so that the waiter gets it first. With no waiter the hold goes on: a process
 *       appending alone never pauses;</li>
 *   <li>once the lock is contended — a waiter was seen, or taking it had to wait — and for {@link #CONTENDED_NANOS}
 *       after the last such sign, it is released right after each write that another process waits for, and
 *       taken again no sooner than {@link #HANDOVER_COOLDOWN_NANOS} later: processes then write in turn, and each
 *       one's flush (which needs no lock) overlaps the others' writes, where bursts taken in turn would let only
 *       one process's appenders share each flush;</li>
 *   <li>every lock is released when its store closes.</li>
 *   <li>while held, the path is checked again every {@link #RECHECK_NANOS}, and the lock taken anew after any
 *       change of names in this JVM (closing a descriptor of the file under another name drops it).</li>
 * </ul>
 * On an in-process file system (Jimfs) no other process can wait, so a hold there ends only when another
 * instance or a reader needs the file, or at close.
 * So another process's append waits at most about {@code MAX_HOLD_NANOS + WAITER_PROBE_NANOS} plus one batch (its
 * write and, for a durable burst, one flush) while this process appends without pause, and
 * {@code IDLE_NANOS + SCAN_NANOS} after it stops.
 *
 * <p>Inside the JVM the holds are keyed by the log's JVM-wide lock ({@link PathLocks}): whoever takes that lock to
 * use the file otherwise — another instance appending, a reader closing a descriptor of the file (which drops
 * every POSIX lock of the process on it), recovery copying it — first calls {@link #yieldHeld}, so a hold is
 * never silently lost and two instances never hold overlapping {@code FileLock}s. All methods but the scanner's
 * run under that lock.
 */
final class BurstLocks {
    static final long IDLE_NANOS = 2_000_000;
    static final long SCAN_NANOS = 1_000_000;
    static final long MAX_HOLD_NANOS = 20_000_000;
    static final long COOLDOWN_NANOS = 2_000_000;
    /**
     * How long after another process was last seen waiting (or this one last had to wait) the lock is given up after
     * each write that a process waits for, instead of held for a burst.
     */
    static final long CONTENDED_NANOS = 50_000_000;
    /**
     * After giving the lock up after a write for a waiting process, how long this process waits before taking it
     * again: enough for the woken waiter to be scheduled (a park this short lasts about 0.1 ms with Linux's timer
     * slack). Measured with 4 processes × 4 threads appending durably to one log (benchmark, after the JIT was
     * quiet): 50 µs gave 16,820 and 18,178 records/s, 200 µs 15,850 and 16,058; COOLDOWN_NANOS here would let each
     * process write once per 2 ms.
     */
    static final long HANDOVER_COOLDOWN_NANOS = 50_000;
    /** Once a hold is {@link #MAX_HOLD_NANOS} old, whether a process waits for it is asked at most this often. */
    static final long WAITER_PROBE_NANOS = 1_000_000;
    /** While a lock stays held, the path is checked again at least this often (another program may replace it). */
    static final long RECHECK_NANOS = 1_000_000;
    /** The release thread's name (one per JVM). */
    static final String SCANNER_NAME = "vikingfs-log-lock-release";

    /** A held lock, released through its owner (which clears its own state). */
    interface Hold {
        /** When it was last used ({@link System#nanoTime()}). */
        long lastUse();

        /** Releases the {@code FileLock}; called under the log's JVM-wide lock. */
        void release() throws IOException;

        /** Whether another process can wait for it, so that it must be released when idle. */
        boolean shared();

        /** The held file's identity ({@code BasicFileAttributes.fileKey}), or {@code null} if unknown. */
        Object fileKey();
    }

    private static final ConcurrentHashMap<ReentrantLock, Hold> HELD = new ConcurrentHashMap<>();
    /** Bumped on every change of names a store of this JVM makes: a held log re-checks its path after one. */
    private static final AtomicLong NAME_CHANGES = new AtomicLong();
    private static final Object SCANNER_LOCK = new Object();
    private static Thread scanner;

    private BurstLocks() {
    }

    /** Registers {@code hold} as the holder of {@code lock}'s file (under {@code lock}). */
    static void held(ReentrantLock lock, Hold hold) {
        HELD.put(lock, hold);
        if (hold.shared()) {
            ensureScanner();
        }
    }

    /** Unregisters {@code hold} (under {@code lock}), after it released its {@code FileLock}. */
    static void released(ReentrantLock lock, Hold hold) {
        HELD.remove(lock, hold);
    }

    /** Whether {@code hold} is the registered holder of {@code lock}'s file. */
    static boolean isHeld(ReentrantLock lock, Hold hold) {
        return HELD.get(lock) == hold;
    }

    /**
     * Releases whatever hold another user of {@code lock}'s file has (call under {@code lock}, before using or
     * closing any descriptor of that file).
     */
    static void yieldHeld(ReentrantLock lock) throws IOException {
        Hold h = HELD.get(lock);
        if (h != null) {
            h.release();
        }
    }

    /**
     * Releases the holds other than {@code mine} of {@code mine}'s file (or of a file of unknown identity) whose log
     * is not in use right now (their lock is free); returns whether any other hold was registered — released now,
     * in use, or of another file as far as its key tells (a key read just before the path was replaced is checked
     * and the hold released within moments), so a retry may succeed. False means the lock that was met is no hold of
     * this class's. Holds known to be of other files are not released: the lock met cannot be theirs, and releasing
     * one goes through its store's disk — a store whose disk hung on a release would stall an append elsewhere.
     */
    static boolean yieldOthers(Hold mine) {
        Object key = mine.fileKey();
        boolean others = false;
        for (var e : HELD.entrySet()) {
            Hold other = e.getValue();
            if (other == mine) {
                continue;
            }
            others = true;
            if (key != null && other.fileKey() != null && !key.equals(other.fileKey())) {
                continue;
            }
            if (e.getKey().tryLock()) {
                try {
                    Hold h = HELD.get(e.getKey());
                    if (h != null && h != mine) {
                        h.release();
                    }
                } catch (IOException | RuntimeException ignored) {
                    // its descriptor is closed or broken, which drops the lock anyway
                } finally {
                    e.getKey().unlock();
                }
            }
        }
        return others;
    }

    /**
     * Whether a hold other than {@code mine} is registered for the file {@code fileKey} (another name of it). On the
     * real disk a second lock on the file is refused by the JVM, which tells the appender; an in-process file system
     * (Jimfs) grants it, so the appender asks here instead — else the other name's hold, never released, would go on
     * writing at the end it knew and overwrite what was appended under this name.
     */
    static boolean heldElsewhere(Hold mine, Object fileKey) {
        if (fileKey == null) {
            return false;
        }
        for (Hold h : HELD.values()) {
            if (h != mine && fileKey.equals(h.fileKey())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sleeps at least {@code nanos}. A bare park may end at once (an unpark left pending for this thread by a flush
     * group or a writer, or a spurious wake-up: measured, a 50 µs hand-over pause that lasted 11 µs), and a turn
     * given to another process must last long enough for it to take the lock.
     */
    static void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    static long nameChanges() {
        return NAME_CHANGES.get();
    }

    /** Called after every rename, delete or link a store makes: a held log's path may lead elsewhere now. */
    static void namesChanged() {
        NAME_CHANGES.incrementAndGet();
    }

    private static void ensureScanner() {
        synchronized (SCANNER_LOCK) {
            if (scanner == null) {
                scanner = new Thread(BurstLocks::scan, SCANNER_NAME);
                scanner.setDaemon(true);
                scanner.start();
            } else {
                SCANNER_LOCK.notifyAll();
            }
        }
    }

    /**
     * Releases idle holds; sleeps while there are none. The thread lives as long as the JVM (unless
     * {@link #stopScanner stopped}), so its loop only calls the two steps: each scan then runs the class's current
     * code (a redefined class — a debugger's hot swap, or a mutation tester's changed copy — takes effect at the
     * next scan, not never).
     */
    private static void scan() {
        try {
            while (awaitShared()) {
                LockSupport.parkNanos(SCAN_NANOS);
                releaseIdle(System.nanoTime());
            }
        } finally {
            synchronized (SCANNER_LOCK) {
                if (scanner == Thread.currentThread()) {
                    scanner = null; // the next shared hold starts another
                }
            }
        }
    }

    /** Waits until some hold is shared; false once the thread is interrupted ({@link #stopScanner}). */
    private static boolean awaitShared() {
        synchronized (SCANNER_LOCK) {
            while (!Thread.currentThread().isInterrupted()) {
                if (HELD.values().stream().anyMatch(Hold::shared)) {
                    return true;
                }
                try {
                    SCANNER_LOCK.wait(1000);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Stops the release thread and returns it (to join), or {@code null} if none runs; the next shared hold starts a
     * new one. For tests: a thread started once per JVM keeps running the code it started with, so only a new one
     * runs a changed copy of this class (a mutation tester's).
     */
    static Thread stopScanner() {
        synchronized (SCANNER_LOCK) {
            Thread t = scanner;
            if (t != null) {
                t.interrupt();
            }
            return t;
        }
    }

    /** Releases every shared hold last used {@code IDLE_NANOS} or more before {@code now} and not in use. */
    static void releaseIdle(long now) {
        for (var e : HELD.entrySet()) {
            if (!e.getValue().shared() || now - e.getValue().lastUse() < IDLE_NANOS || !e.getKey().tryLock()) {
                continue; // in use: the appender releases it itself once held too long
            }
            try {
                Hold h = HELD.get(e.getKey());
                if (h != null && now - h.lastUse() >= IDLE_NANOS) {
                    h.release();
                }
            } catch (IOException | RuntimeException ignored) {
                // releasing failed: the descriptor is closed or broken, which drops the lock anyway
            } finally {
                e.getKey().unlock();
            }
        }
    }
}
