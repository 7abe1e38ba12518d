package io.vikingfs.local;

import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The directory lock of atomic writes ({@code .vfs-lock}, the same lock {@link FileLocks#directory} takes: the
 * JVM-wide {@link PathLocks} lock, then the {@code FileLock}), with the lock file's descriptor kept open per
 * directory so that a write costs a lock, one {@code stat} and an unlock instead of an open, a lock, an unlock
 * and a close.
 *
 * <p><b>Identity check.</b> A kept descriptor locks the file it was opened on, which is no longer the lock of
 * the directory once that directory was removed and recreated, replaced by a rename, or its lock file deleted:
 * other processes would lock the new file and both would "hold" the directory. So once the {@code FileLock} is
 * held, the lock file's path is {@code stat}ed and its identity compared with the descriptor's; on a mismatch
 * the descriptor is closed and the path opened again. The path is resolved component by component by the caller
 * just before, as for {@link FileLocks#directory}.
 *
 * <p>Descriptors are closed only under the JVM-wide lock of their lock file (closing any descriptor of a file
 * drops this process's POSIX locks on it, which another instance of this JVM might hold), at {@link #close} and
 * when more than {@link #MAX_OPEN} directories are kept.
 *
 * <p>On a disk {@link Disk#inMemory in memory} the JVM-wide lock alone is taken: no lock file, no descriptor.
 */
final class DirectoryLocks {
    /** Kept descriptors at most (one per directory recently written to); beyond, idle ones are closed. */
    static final int MAX_OPEN = 64;
    private static final int ATTEMPTS = 16;

    /** The kept lock of one directory; {@code file} and {@code key} are guarded by {@code inProcess}. */
    private static final class Kept {
        final Path lockFile;
        final ReentrantLock inProcess;
        DiskFile file;
        Object key;
        /** Set when closed and removed from the map: a thread that looked it up before must look again. */
        boolean removed;

        Kept(Path lockFile, ReentrantLock inProcess) {
            this.lockFile = lockFile;
            this.inProcess = inProcess;
        }
    }

    private final Disk disk;
    /**
     * False on a disk {@link Disk#inMemory in memory}: no other process can reach it, so the JVM-wide lock, which
     * every instance takes by the lock file's path, is the whole lock — no descriptor, no {@code FileLock}, no
     * identity check (its {@code stat} and lock were 4 % of an in-memory atomic write).
     */
    private final boolean crossProcess;
    private final PathLocks pathLocks;
    private final Telemetry telemetry;
    private final ConcurrentHashMap<Path, Kept> kept = new ConcurrentHashMap<>();

    DirectoryLocks(Disk disk, PathLocks pathLocks, Telemetry telemetry) {
        this.disk = disk;
        this.crossProcess = !disk.inMemory();
        this.pathLocks = pathLocks;
        this.telemetry = telemetry;
    }

    /** Locks the directory {@code dir} against writers of its entries (this JVM and other processes). */
    FileLocks.Held lock(Path dir) throws IOException {
        while (true) {
            Kept k = kept.get(dir);
            if (k == null) {
                Path lockFile = dir.resolve(LibraryNames.DIRECTORY_LOCK);
                k = kept.computeIfAbsent(dir, d -> new Kept(lockFile, pathLocks.lockFor(lockFile)));
                if (kept.size() > MAX_OPEN) {
                    evictIdle(k);
                }
            }
            FileLocks.Held held = lock(k);
            if (held != null) {
                return held;
            }
        }
    }

    /** Locks through {@code held}; {@code null} if it was evicted meanwhile (the caller looks it up again). */
    private FileLocks.Held lock(Kept held) throws IOException {
        long waited = telemetry.lock(held.inProcess); // a wait is reported (JFR, metrics) once released
        if (held.removed) {
            held.inProcess.unlock();
            return null;
        }
        if (!crossProcess) {
            return FileLocks.inProcessOnly(held.inProcess, held.lockFile, waited, telemetry);
        }
        try {
            DiskLock lock = lockCurrent(held);
            return () -> {
                try {
                    lock.close();
                } finally {
                    held.inProcess.unlock();
                    telemetry.lockWaited(held.lockFile, waited);
                }
            };
        } catch (IOException | RuntimeException e) {
            held.inProcess.unlock();
            telemetry.lockWaited(held.lockFile, waited);
            throw e;
        }
    }

    /**
     * Takes the {@code FileLock} through the kept descriptor, (re)opening it until the file locked is the one at
     * the path. Called with the JVM-wide lock held.
     */
    private DiskLock lockCurrent(Kept k) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (k.file == null) {
                open(k);
                if (k.file == null) {
                    continue; // removed between the stat and the open
                }
            }
            DiskLock lock;
            try {
                lock = k.file.lock();
            } catch (ClosedChannelException closed) {
                // An interrupt during an earlier lock closed the channel under us: forget it and open again.
                forget(k);
                if (Thread.currentThread().isInterrupted()) {
                    throw closed;
                }
                continue;
            }
            DiskStat st;
            try {
                st = disk.stat(k.lockFile);
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            if (st != null && st.isFile() && Objects.equals(st.fileKey(), k.key)) {
                return lock;
            }
            // The directory was recreated or replaced, or its lock file removed: the descriptor locks a file no
            // other process would lock. Drop it and lock the file at the path now.
            lock.close();
            forget(k);
        }
        throw new VikingFsException(k.lockFile.getParent().toString(), "the directory's lock file '"
                + LibraryNames.DIRECTORY_LOCK + "' keeps being replaced by another program; stop whatever removes "
                + "or rewrites it and retry");
    }

    /**
     * Opens the lock file, creating it if missing. Its identity is read before opening: if the file is replaced in
     * between, the key and the descriptor disagree and the check after locking opens it again.
     */
    private void open(Kept k) throws IOException {
        DiskStat st = disk.stat(k.lockFile);
        DiskFile f;
        if (st == null) {
            try {
                f = disk.createNew(k.lockFile);
            } catch (FileAlreadyExistsException raced) {
                f = disk.openWrite(k.lockFile);
            }
            st = disk.stat(k.lockFile);
        } else {
            try {
                f = disk.openWrite(k.lockFile);
            } catch (NoSuchFileException raced) {
                f = null; // removed between the stat and the open: the next attempt creates it
            }
        }
        k.file = f;
        k.key = st == null || st.fileKey() == null ? new Object() : st.fileKey(); // no identity: never matches
    }

    /** Closes the kept descriptor, if any (JVM-wide lock held). */
    private static void forget(Kept k) throws IOException {
        DiskFile f = k.file;
        k.file = null;
        k.key = null;
        if (f != null) {
            f.close();
        }
    }

    /** Closes the descriptors of directories nobody is locking, down to three quarters of the bound. */
    private void evictIdle(Kept keep) {
        var it = kept.values().iterator();
        while (it.hasNext() && kept.size() > MAX_OPEN * 3 / 4) {
            Kept k = it.next();
            if (k == keep || !k.inProcess.tryLock()) {
                continue;
            }
            try {
                it.remove();
                k.removed = true;
                forget(k);
            } catch (IOException ignored) {
                // closing a descriptor we only locked through: nothing was written through it, nothing is lost
            } finally {
                k.inProcess.unlock();
            }
        }
    }

    /** Closes every kept descriptor (each under its JVM-wide lock, so no lock of another instance is dropped). */
    void close() throws IOException {
        List<IOException> failed = new ArrayList<>();
        for (Kept k : kept.values()) {
            k.inProcess.lock();
            try {
                k.removed = true;
                forget(k);
            } catch (IOException e) {
                failed.add(e); // a lock file's descriptor: nothing was written through it, but say it
            } finally {
                k.inProcess.unlock();
            }
        }
        kept.clear();
        if (!failed.isEmpty()) {
            failed.subList(1, failed.size()).forEach(failed.get(0)::addSuppressed);
            throw failed.get(0);
        }
    }
}
