package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cross-process locks on the library's lock files: the JVM-wide {@link PathLocks} lock first (threads and other
 * instances of this JVM), then {@link DiskFile#lock()} (other processes; the OS releases it when a process dies,
 * so a lock file is never stale). Held for microseconds around a check and a rename, never across an fsync —
 * except the per-live-directory switch lock, which only other switches of that directory wait for.
 */
final class FileLocks {
    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private final Disk disk;
    private final PathLocks locks;
    private final Telemetry telemetry;

    FileLocks(Disk disk, PathLocks locks, Telemetry telemetry) {
        this.disk = disk;
        this.locks = locks;
        this.telemetry = telemetry;
    }

    /** Locks the directory {@code dir} (its {@code .vfs-lock} file) against writers of its entries. */
    Held directory(Path dir) throws IOException {
        return hold(dir.resolve(LibraryNames.DIRECTORY_LOCK));
    }

    /** Locks two directories in a fixed order (so two renames in opposite directions cannot deadlock). */
    Held directories(Path a, Path b) throws IOException {
        if (a.equals(b)) {
            return directory(a);
        }
        boolean aFirst = a.toString().compareTo(b.toString()) < 0;
        Held first = directory(aFirst ? a : b);
        try {
            Held second = directory(aFirst ? b : a);
            return () -> {
                try {
                    second.close();
                } finally {
                    first.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /**
     * The JVM-wide locks that appenders of the files {@code a} and {@code b} take before their {@code FileLock}
     * (in a fixed order). The caller takes the file's own {@code FileLock} next, as an append does.
     */
    Held writers(Path a, Path b) throws IOException {
        boolean aFirst = a.toString().compareTo(b.toString()) <= 0;
        ReentrantLock first = locks.lockFor(aFirst ? a : b);
        ReentrantLock second = locks.lockFor(aFirst ? b : a);
        first.lock();
        second.lock();
        try {
            // An appender's FileLock held across a burst is released: the caller takes it itself next.
            BurstLocks.yieldHeld(first);
            BurstLocks.yieldHeld(second);
        } catch (IOException | RuntimeException e) {
            second.unlock();
            first.unlock();
            throw e;
        }
        return () -> {
            second.unlock();
            first.unlock();
        };
    }

    /**
     * Takes the in-process and cross-process lock of the lock file {@code lockFile}, creating it if missing (on a disk
     * {@link Disk#inMemory in memory}, only the in-process one: the file is not created).
     */
    Held hold(Path lockFile) throws IOException {
        ReentrantLock inProcess = locks.lockFor(lockFile);
        long waited = telemetry.lock(inProcess); // a wait is reported (JFR, metrics) once released
        if (disk.inMemory()) {
            return inProcessOnly(inProcess, lockFile, waited, telemetry);
        }
        DiskFile file = null;
        try {
            file = open(lockFile);
            DiskLock lock = file.lock();
            DiskFile held = file;
            return () -> {
                try (DiskFile f = held; DiskLock l = lock) {
                    // closing releases the OS lock, then the descriptor
                } finally {
                    inProcess.unlock();
                    telemetry.lockWaited(lockFile, waited);
                }
            };
        } catch (IOException | RuntimeException e) {
            try {
                if (file != null) {
                    file.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                inProcess.unlock();
                telemetry.lockWaited(lockFile, waited);
            }
            throw e;
        }
    }

    /**
     * The hold of the JVM-wide lock {@code inProcess} of {@code lockFile} alone, taken after waiting {@code waited}
     * ns: on a disk {@link Disk#inMemory in memory} no other process can reach, it is the whole lock, for a lock
     * file here and a directory's in {@link DirectoryLocks}. Releasing it reports the wait.
     */
    static Held inProcessOnly(ReentrantLock inProcess, Path lockFile, long waited, Telemetry telemetry) {
        return () -> {
            inProcess.unlock();
            telemetry.lockWaited(lockFile, waited);
        };
    }

    private DiskFile open(Path lockFile) throws IOException {
        try {
            return disk.openWrite(lockFile);
        } catch (java.nio.file.NoSuchFileException missing) {
            try {
                return disk.createNew(lockFile);
            } catch (FileAlreadyExistsException raced) {
                return disk.openWrite(lockFile);
            }
        }
    }
}
