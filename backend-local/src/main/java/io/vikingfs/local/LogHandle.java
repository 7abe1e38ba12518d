package io.vikingfs.local;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open descriptor of a log, and the {@code FileLock} it may hold across a burst of appends
 * ({@link BurstLocks}). Every field but the flags read by the release scanner is used under the log's JVM-wide
 * lock.
 */
final class LogHandle implements BurstLocks.Hold {
    final DiskFile file;
    final Object fileKey;
    final GroupCommit flushes;
    /** The log's JVM-wide lock, which every user of the hold takes first. */
    private final ReentrantLock lock;
    /** Durable appenders inside {@code append}: while any waits for its flush, the burst is not idle. */
    private final AtomicInteger appenders;
    /**
     * Whether another process can wait for this lock (a file of the real disk): only then is a hold released when
     * idle or held long. On an in-process file system (Jimfs) it is released only for another instance or a close.
     */
    private final boolean shared;
    /** The log's real path, named in errors. */
    private final Path path;
    /** End of the last batch this handle wrote: the tail is known clean at exactly this size. */
    private long cleanEnd = -1;
    /**
     * Whether the file's size is {@code cleanEnd}: true from this handle's last write for as long as the
     * {@code FileLock} stays held (no library writer of another process or instance can write meanwhile).
     */
    private boolean sizeKnown;
    /**
     * Whether the log's directory entry is known durable: a durable append through a new descriptor syncs the
     * directory once (whoever created the file may not have).
     */
    volatile boolean entryDurable;
    /**
     * Durable callers still waiting for a flush through this descriptor, plus {@link #RETIRED} once the log stopped
     * using it: it is closed by whoever brings it to exactly {@code RETIRED} (one atomic step each, no monitor).
     */
    private final AtomicInteger pins = new AtomicInteger();
    private static final int RETIRED = 1 << 30;
    /** How long an append waits, meeting a second lock on its file, for another hold of the file to go. */
    private static final long OWN_HOLD_NANOS = 10_000_000_000L;
    /** How long it retries when no hold of this library explains that lock (one taken outside it). */
    private static final long FOREIGN_LOCK_NANOS = 100_000_000L;
    private DiskLock held;
    private long heldSince;
    /**
     * Until when the lock counts as contended ({@link System#nanoTime()}): another process was seen waiting for it,
     * or this one had to wait. Meanwhile the lock is given up after each write that a process waits for, so that
     * processes write in turn and each one's flush overlaps the others' writes (a flush needs no lock).
     */
    private long contendedUntil = System.nanoTime(); // not contended (nanoTime may be negative: no 0)
    /** Set when the lock is to be given up for a waiting process, until it is ({@link #release}). */
    private boolean givingTurn;
    /** When the lock was last given up after a write for a waiting process. */
    private long handedOver = System.nanoTime() - BurstLocks.HANDOVER_COOLDOWN_NANOS;
    private volatile long lastUse;
    /** {@link BurstLocks#nameChanges()} when the path was last seen to name this file, under the held lock. */
    private long checkedAt = -1;
    private long checkedNanos;

    LogHandle(DiskFile file, Object fileKey, ReentrantLock lock, AtomicInteger appenders, Telemetry telemetry,
              Path path) {
        this.shared = path.getFileSystem() == FileSystems.getDefault();
        this.path = path;
        this.file = file;
        this.fileKey = fileKey;
        this.lock = lock;
        this.appenders = appenders;
        this.flushes = new GroupCommit(appenders::get, telemetry, FlushKind.FILE, path);
    }

    boolean holds() {
        return held != null;
    }

    /**
     * Whether another process waiting for the lock must get a turn now: the lock has been held for
     * {@link BurstLocks#MAX_HOLD_NANOS} and a waiter has announced itself. With no waiter the hold goes on, asked
     * again every {@link BurstLocks#WAITER_PROBE_NANOS} (a pause on a timer cost a lone process 2 ms in every 22).
     */
    boolean turnDue(long now) throws IOException {
        if (!shared || held == null || now - heldSince < BurstLocks.MAX_HOLD_NANOS) {
            return false;
        }
        if (held.waitedFor()) {
            contendedUntil = now + BurstLocks.CONTENDED_NANOS;
            return true;
        }
        heldSince = now - BurstLocks.MAX_HOLD_NANOS + BurstLocks.WAITER_PROBE_NANOS;
        return false;
    }

    /**
     * {@link #releaseAfterWrite(long)} now. The clock is read only for a held lock that another process can want
     * (a clock read is ~25 ns, a twelfth of a durable append on the memory backend, where no process can wait).
     */
    boolean releaseAfterWrite() throws IOException {
        return shared && held != null && releaseAfterWrite(System.nanoTime());
    }

    /**
     * After a write, while the lock is contended: whether another process waits for it now, so that it must be
     * released before this process's flush (which then overlaps that process's write instead of delaying it).
     */
    boolean releaseAfterWrite(long now) throws IOException {
        if (!shared || held == null || now - contendedUntil >= 0) {
            return false;
        }
        if (held.waitedFor()) {
            contendedUntil = now + BurstLocks.CONTENDED_NANOS;
            handedOver = now;
            givingTurn = true;
            return true;
        }
        return false;
    }

    /**
     * How long {@link #acquire} waits before taking the lock at {@code now}: the rest of
     * {@link BurstLocks#HANDOVER_COOLDOWN_NANOS} after the lock was given up for a waiting process, so that the
     * process woken by the release takes it before this one's next write does (else a thread of this process taking
     * it again within microseconds would win every time, and the waiter's wait would have no bound).
     */
    long handOverLeft(long now) {
        return handedOver + BurstLocks.HANDOVER_COOLDOWN_NANOS - now;
    }

    /**
     * Whether the path was checked under this hold less than {@link BurstLocks#RECHECK_NANOS} ago and no name
     * changed in this JVM since; if so, the hold is used now (it is not idle).
     */
    boolean checkedSince(long nameChanges, long now) {
        if (held != null && checkedAt == nameChanges && now - checkedNanos < BurstLocks.RECHECK_NANOS) {
            if (shared) {
                lastUse = now; // read by the release thread only, which ignores holds no other process can want
            }
            return true;
        }
        return false;
    }

    /** Whether the lock has been held since a check made after the last change of names {@code nameChanges}. */
    boolean checkedAfter(long nameChanges) {
        return held != null && checkedAt == nameChanges;
    }

    void checked(long nameChanges, long now) {
        checkedAt = nameChanges;
        checkedNanos = now;
        lastUse = now;
    }

    /** Keeps the descriptor open until {@code n} more flushes through it are done ({@link #unpin}). */
    void pin(int n) {
        pins.addAndGet(n);
    }

    /** One flush pinned by {@link #pin} is done; returns whether the descriptor must be closed now. */
    boolean unpin() {
        return pins.decrementAndGet() == RETIRED;
    }

    /** The log stops using this descriptor (its lock held); returns whether it must be closed now (none pinned). */
    boolean retire() {
        return (pins.getAndUpdate(p -> p | RETIRED) & ~RETIRED) == 0;
    }

    /** Takes the {@code FileLock} (blocking while another process holds it), first releasing any other hold. */
    void acquire(long now) throws IOException {
        BurstLocks.yieldHeld(lock);
        long wait = handOverLeft(now);
        if (wait > 0) {
            BurstLocks.pause(wait);
        }
        long firstMet = 0; // when a second lock on the file was first met
        while (held == null) {
            try {
                if (!shared && BurstLocks.heldElsewhere(this, fileKey)) {
                    // Jimfs grants a second lock on the file: refuse it as the real disk does, so the other name's
                    // hold is released (below) and its next append re-reads the file's end.
                    throw new OverlappingFileLockException();
                }
                held = file.lock();
                if (held.contended()) {
                    contendedUntil = System.nanoTime() + BurstLocks.CONTENDED_NANOS; // from the grant, not the ask
                }
            } catch (OverlappingFileLockException e) {
                // The file has another name in this JVM (renamed or linked) whose log holds it: release that hold.
                long t = System.nanoTime();
                firstMet = firstMet == 0 ? t : firstMet;
                boolean others = BurstLocks.yieldOthers(this);
                // A hold of this very file still registered is in use by an append or being released: it goes
                // soon, but on a loaded machine a descheduled release can outlast a fixed count of tries. A lock no
                // hold of this file explains is one taken outside the library: reported within FOREIGN_LOCK_NANOS.
                boolean ownHold = BurstLocks.heldElsewhere(this, fileKey);
                if (!others || t - firstMet > (ownHold ? OWN_HOLD_NANOS : FOREIGN_LOCK_NANOS)) {
                    throw new FileSystemException(path.toString(), null, ownHold
                            ? "the log's file is held by the log of another of its names in this process, "
                            + "still in use after " + OWN_HOLD_NANOS / 1_000_000_000 + " s; append again once that "
                            + "log is idle"
                            : "the log's file is locked by this process outside VikingFS (a FileChannel lock on it "
                            + "or on another name of it); release that lock, then append again");
                }
                LockSupport.parkNanos(100_000);
            }
        }
        heldSince = now;
        lastUse = now;
        sizeKnown = false; // another process may have appended since this handle last wrote
        checkedAt = -1;
        BurstLocks.held(lock, this);
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public Object fileKey() {
        return fileKey;
    }

    @Override
    public long lastUse() {
        return appenders.get() > 0 ? System.nanoTime() : lastUse;
    }

    @Override
    public void release() throws IOException {
        DiskLock l = held;
        if (l == null) {
            return;
        }
        held = null;
        sizeKnown = false;
        checkedAt = -1;
        try {
            l.close();
        } finally {
            // Unregistered only once the FileLock is gone: an append under another name of the file that meets
            // the lock (OverlappingFileLockException) must still find its holder to wait for, or it fails.
            BurstLocks.released(lock, this);
            if (givingTurn) {
                // Given to a waiting process: the pause before taking it again counts from the release itself, so a
                // release that was slow to happen does not shorten the waiter's turn (BurstTurnTest saw 12 µs).
                givingTurn = false;
                handedOver = System.nanoTime();
            }
        }
    }

    /**
     * Appends {@code batch} at the clean end of the log (the lock held): the size is read unless known, a torn
     * tail cut, then ONE positioned write. Returns the group-commit sequence covering it.
     */
    long append(ByteBuffer batch) throws IOException {
        int length = batch.remaining();
        long end = sizeKnown ? cleanEnd : TornTail.cut(file, file.size(), cleanEnd);
        sizeKnown = false;
        cleanEnd = -1; // a failed write may leave a torn tail: the next append checks again
        file.write(batch, end);
        cleanEnd = end + length;
        sizeKnown = true;
        return flushes.register();
    }

    /** Cuts a torn tail (the lock held); returns how many bytes were removed. */
    long repair() throws IOException {
        long size = file.size();
        sizeKnown = false;
        cleanEnd = -1;
        long clean = TornTail.cut(file, size, -1);
        cleanEnd = clean;
        sizeKnown = true;
        return size - clean;
    }
}
