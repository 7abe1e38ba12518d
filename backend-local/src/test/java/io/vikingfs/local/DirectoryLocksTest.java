package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.local.disk.FaultyDisk.Injector;
import io.vikingfs.local.disk.FaultyDisk.OpKind;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kept descriptor of a directory's {@code .vfs-lock}: while held, the lock must be on the file at the path NOW
 * — the one another process would lock — not on the file the descriptor was opened on before the directory was
 * replaced or the lock file removed. Observed through the JVM's own lock table: a {@code FileLock} this JVM holds
 * on a file makes any other channel's {@code tryLock} of that same file throw {@link OverlappingFileLockException}.
 */
class DirectoryLocksTest {
    @TempDir
    Path root;

    private DirectoryLocks locks(Path root) throws Exception {
        return locks(new NioDisk(root));
    }

    private DirectoryLocks locks(io.vikingfs.local.disk.Disk disk) throws Exception {
        return new DirectoryLocks(disk, new PathLocks(disk.root(), root.toRealPath()), new Telemetry());
    }

    /** Asserts that this JVM holds a lock on the file now at {@code lockFile}. */
    private static void assertLockedByUs(Path lockFile) throws Exception {
        try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            assertThatThrownBy(other::tryLock).as("the lock held must be on the file now at " + lockFile)
                    .isInstanceOf(OverlappingFileLockException.class);
        }
    }

    /** Locks {@code dir} and, while held, checks the lock is on the file now at its lock file's path. */
    private static void lockAndCheck(DirectoryLocks locks, Path dir) throws Exception {
        try (FileLocks.Held ignored = locks.lock(dir)) {
            assertLockedByUs(dir.resolve(".vfs-lock"));
        }
    }

    @Test
    void aDirectoryReplacedUnderTheKeptDescriptorIsLockedAtItsNewFile() throws Exception {
        Path dir = Files.createDirectory(root.resolve("d"));
        DirectoryLocks locks = locks(root);
        lockAndCheck(locks, dir);
        // Replaced by a rename (a sync tool, another program): a new directory with its own lock file.
        Files.move(dir, root.resolve("d-old"));
        Files.createDirectory(dir);
        Files.createFile(dir.resolve(".vfs-lock"));
        lockAndCheck(locks, dir);
        locks.close();
    }

    @Test
    void aRemovedLockFileIsCreatedAgainAndLocked() throws Exception {
        Path dir = Files.createDirectory(root.resolve("d"));
        DirectoryLocks locks = locks(root);
        lockAndCheck(locks, dir);
        Files.delete(dir.resolve(".vfs-lock"));
        lockAndCheck(locks, dir); // created again, and locked
        locks.close();
    }

    @Test
    void aFailedIdentityCheck_failsTheLock_andLeavesNothingHeld() throws Exception {
        Path dir = Files.createDirectory(root.resolve("d"));
        FaultyDisk disk = new FaultyDisk(new NioDisk(root));
        DirectoryLocks locks = locks(disk);
        lockAndCheck(locks, dir); // the descriptor is kept from now on
        disk.inject(Injector.when(op -> op.kind() == OpKind.STAT && op.path().endsWith(".vfs-lock"),
                Injector.error("EIO reading the lock file's identity")));
        assertThatThrownBy(() -> locks.lock(dir)).hasMessageContaining("EIO reading the lock file's identity");
        disk.inject(op -> null);
        assertLockedByUsNot(dir.resolve(".vfs-lock")); // the FileLock taken before the check was given up
        lockAndCheck(locks, dir);
        locks.close();
    }

    @Test
    void writesKeepOneDescriptorPerDirectoryAndSurviveTheDirectoryBeingRecreated() throws Exception {
        CountingDisk disk = new CountingDisk(new NioDisk(root));
        VPath doc = VPath.of("d/doc.json");
        try (LocalVikingFs fs = LocalVikingFs.open(disk, LocalOptions.DEFAULT)) {
            fs.atomicWrite(doc, bytes("1"), WriteOptions.durable(false));
            CountingDisk.Counts before = disk.counts();
            for (int i = 0; i < 10; i++) {
                fs.atomicWrite(doc, bytes("x" + i), WriteOptions.durable(false));
            }
            // Per write: the temp file is the only file opened (the lock file's descriptor is kept).
            assertThat(disk.counts().minus(before).perOp(10)).contains("1.0 opens");
            // The directory is removed and made again behind the store's back: the next write still lands.
            Files.walk(root.resolve("d")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            fs.atomicWrite(doc, bytes("after"), WriteOptions.durable(false));
            assertThat(fs.read(doc)).isEqualTo(bytes("after"));
            assertLockedByUsNot(root.resolve("d/.vfs-lock"));
        }
    }

    @Test
    void closingDescriptorsThatFailToClose_reportsEveryFailure() throws Exception {
        FailingCloseDisk disk = new FailingCloseDisk(new NioDisk(root));
        DirectoryLocks locks = locks(disk);
        lockAndCheck(locks, Files.createDirectory(root.resolve("d1")));
        lockAndCheck(locks, Files.createDirectory(root.resolve("d2")));
        disk.failClosesOf(p -> p.getFileName().toString().equals(LibraryNames.DIRECTORY_LOCK));
        assertThatThrownBy(locks::close).satisfies(e -> {
            java.util.List<Throwable> reported = new java.util.ArrayList<>(java.util.List.of(e.getSuppressed()));
            reported.add(0, e);
            assertThat(reported).as("every failed close, none lost").containsExactlyInAnyOrderElementsOf(disk.thrown);
        });
        assertThat(disk.thrown).hasSize(2);
        assertLockedByUsNot(root.resolve("d1/.vfs-lock"));
        assertLockedByUsNot(root.resolve("d2/.vfs-lock"));
    }

    /**
     * A disk whose next {@code lock} of a lock file finds its channel closed, as an interrupt of another thread
     * during an earlier lock through the same descriptor leaves it ({@code FileChannel} is interruptible).
     */
    private static final class ClosedByInterruptDisk extends io.vikingfs.local.disk.ForwardingDisk {
        volatile boolean armed;

        ClosedByInterruptDisk(io.vikingfs.local.disk.Disk delegate) {
            super(delegate);
        }

        @Override
        protected io.vikingfs.local.disk.DiskFile wrap(io.vikingfs.local.disk.DiskFile file) {
            return new io.vikingfs.local.disk.ForwardingDiskFile(file) {
                @Override
                public io.vikingfs.local.disk.DiskLock lock() throws java.io.IOException {
                    if (armed) {
                        armed = false;
                        close();
                        throw Thread.currentThread().isInterrupted()
                                ? new java.nio.channels.ClosedByInterruptException()
                                : new java.nio.channels.ClosedChannelException();
                    }
                    return super.lock();
                }
            };
        }
    }

    /** Locks {@code dir} once (its descriptor kept), then has the kept descriptor's channel closed underneath. */
    private DirectoryLocks keptThenClosedUnderneath(Path dir) throws Exception {
        ClosedByInterruptDisk disk = new ClosedByInterruptDisk(new NioDisk(root));
        DirectoryLocks locks = locks(disk);
        lockAndCheck(locks, dir);
        disk.armed = true;
        return locks;
    }

    @Test
    void aKeptDescriptorClosedByAnEarlierInterrupt_isOpenedAgain() throws Exception {
        Path dir = Files.createDirectory(root.resolve("d"));
        DirectoryLocks locks = keptThenClosedUnderneath(dir);
        lockAndCheck(locks, dir); // through a descriptor opened again
        locks.close();
    }

    @Test
    void anInterruptedLock_throwsAndForgetsTheClosedDescriptor() throws Exception {
        Path dir = Files.createDirectory(root.resolve("d"));
        DirectoryLocks locks = keptThenClosedUnderneath(dir);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> locks.lock(dir)).isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }
        assertLockedByUsNot(dir.resolve(".vfs-lock"));
        lockAndCheck(locks, dir); // the closed descriptor was forgotten: the next lock opens the file again
        locks.close();
    }

    @Test
    void threadsWaitingOnADirectoryWhileTheLocksClose_lookAgain_andNoneIsStranded() throws Exception {
        Path dir = Files.createDirectory(root.resolve("d"));
        DirectoryLocks locks = locks(root);
        FileLocks.Held held = locks.lock(dir);
        // Queued on the directory's JVM-wide lock in this order: the closer, then two lockers that looked the
        // directory's entry up before it was closed and removed.
        java.util.List<java.util.concurrent.FutureTask<Void>> lockers = new java.util.ArrayList<>();
        java.util.concurrent.FutureTask<Void> closer = new java.util.concurrent.FutureTask<>(() -> {
            locks.close();
            return null;
        });
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        threads.add(parked(new Thread(closer, "closer")));
        for (int i = 0; i < 2; i++) {
            java.util.concurrent.FutureTask<Void> locker = new java.util.concurrent.FutureTask<>(() -> {
                locks.lock(dir).close();
                return null;
            });
            lockers.add(locker);
            threads.add(parked(new Thread(locker, "locker-" + i)));
        }
        held.close();
        closer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        for (java.util.concurrent.FutureTask<Void> locker : lockers) {
            locker.get(10, java.util.concurrent.TimeUnit.SECONDS); // a locker stranded on the closed entry: timeout
        }
        locks.close(); // the lockers' own descriptors, kept after they looked again
        assertLockedByUsNot(dir.resolve(".vfs-lock"));
    }

    /** Starts {@code t} and returns once it is parked on a lock (the directory's JVM-wide lock, held). */
    private static Thread parked(Thread t) throws InterruptedException {
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!(java.util.concurrent.locks.LockSupport.getBlocker(t)
                instanceof java.util.concurrent.locks.AbstractQueuedSynchronizer)) {
            assertThat(System.nanoTime()).as(t.getName() + " parked on the held directory lock").isLessThan(deadline);
            Thread.sleep(1);
        }
        return t;
    }

    /** Nothing of ours holds the lock once the write returned. */
    private static void assertLockedByUsNot(Path lockFile) throws Exception {
        try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            var lock = other.tryLock();
            assertThat(lock).isNotNull();
            lock.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
