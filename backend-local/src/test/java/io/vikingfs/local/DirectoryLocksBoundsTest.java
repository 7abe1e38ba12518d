package io.vikingfs.local;

import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import io.vikingfs.telemetry.VikingFsListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounds of {@link DirectoryLocks}' kept descriptors, from its Javadoc: at most {@link DirectoryLocks#MAX_OPEN}
 * directories' lock files kept open, idle ones closed beyond that down to three quarters of the bound, a held one
 * never (closing it would drop the lock); {@code close} closes them all; a lock file that keeps being replaced is an
 * error naming the directory; and README's {@code vikingfs.lock.wait}: a wait for a directory's {@code .vfs-lock}
 * another thread held is reported once released, an uncontended lock is not. After every failure the JVM-wide lock
 * is free again for other threads.
 */
class DirectoryLocksBoundsTest {
    private static final String LOCK = ".vfs-lock";

    @TempDir
    Path root;
    private PathLocks pathLocks;
    private OpenFiles open;
    private final List<String> waits = new ArrayList<>();
    private Telemetry telemetry;
    private final List<Thread> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        NioDisk disk = new NioDisk(root);
        open = new OpenFiles(disk);
        pathLocks = new PathLocks(disk.root(), root.toRealPath());
        telemetry = new Telemetry();
        telemetry.attach(new VikingFsListener() {
            @Override
            public void lockWait(String path, long nanos) {
                synchronized (waits) {
                    waits.add(Path.of(path).getParent().getFileName() + "/" + Path.of(path).getFileName()
                            + (nanos > 0 ? "" : " (no time)"));
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private DirectoryLocks locks(Disk disk) {
        return new DirectoryLocks(disk, pathLocks, telemetry);
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    private <T> FutureTask<T> start(String name, java.util.concurrent.Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, name);
        started.add(t);
        t.start();
        return task;
    }

    private long openLockFiles() {
        return open.count(p -> p.getFileName().toString().equals(LOCK));
    }

    /** Whether this JVM holds a lock on the file now at {@code lockFile} (another channel's tryLock then throws). */
    private static boolean lockedByUs(Path lockFile) throws IOException {
        try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            try {
                other.tryLock().release();
                return false;
            } catch (OverlappingFileLockException held) {
                return true;
            }
        }
    }

    /** Locks and unlocks every directory from another thread: none may still be locked by a thread gone idle. */
    private void lockAllFromAnotherThread(DirectoryLocks locks, List<Path> dirs) throws Exception {
        FutureTask<Void> other = start("other-thread", () -> {
            for (Path d : dirs) {
                locks.lock(d).close();
            }
            return null;
        });
        other.get(30, TimeUnit.SECONDS);
    }

    @Test
    void beyondTheBound_idleDescriptorsAreClosed_heldOnesNever() throws Exception {
        DirectoryLocks locks = locks(open);
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 69; i++) {
            dirs.add(dir("d" + i));
        }
        // Another thread holds 60 directories' locks; this one locks and unlocks 4 more: 64 kept, none closed.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<Void> holder = start("holder", () -> {
            List<FileLocks.Held> held = new ArrayList<>();
            for (Path d : dirs.subList(0, 60)) {
                held.add(locks.lock(d));
            }
            holding.countDown();
            release.await();
            for (FileLocks.Held h : held) {
                h.close();
            }
            return null;
        });
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        for (Path d : dirs.subList(60, 64)) {
            locks.lock(d).close();
        }
        assertThat(openLockFiles()).as("descriptors kept at the bound").isEqualTo(DirectoryLocks.MAX_OPEN);
        // The 65th: only the 4 idle ones may be closed.
        locks.lock(dirs.get(64)).close();
        assertThat(openLockFiles()).as("64 kept - 4 idle closed + the new one").isEqualTo(61);
        for (Path d : dirs.subList(0, 60)) {
            assertThat(lockedByUs(d.resolve(LOCK))).as("a held lock stays held: %s", d).isTrue();
        }
        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
        // 61 kept, all idle now: the 65th kept (d68) closes idle ones down to three quarters of the bound.
        for (Path d : dirs.subList(65, 69)) {
            locks.lock(d).close();
        }
        assertThat(openLockFiles()).isEqualTo(DirectoryLocks.MAX_OPEN * 3 / 4);
        lockAllFromAnotherThread(locks, dirs); // every one still lockable, its JVM-wide lock free
        locks.close();
        assertThat(openLockFiles()).as("close() closes every kept descriptor").isZero();
    }

    @Test
    void close_closesEveryDescriptor_andLeavesTheLocksFreeForOtherThreads() throws Exception {
        DirectoryLocks locks = locks(open);
        List<Path> dirs = List.of(dir("a"), dir("b"), dir("c"));
        for (Path d : dirs) {
            locks.lock(d).close();
        }
        assertThat(openLockFiles()).isEqualTo(3);
        locks.close();
        assertThat(openLockFiles()).isZero();
        DirectoryLocks next = locks(open); // another instance of the store in this JVM
        lockAllFromAnotherThread(next, dirs);
        next.close();
    }

    /** A disk on which the lock file's identity changes at every look while {@code replacing} is set. */
    private static final class ReplacedLockFile extends ForwardingDisk {
        volatile boolean replacing;

        ReplacedLockFile(Disk delegate) {
            super(delegate);
        }

        @Override
        public DiskStat stat(Path path) throws IOException {
            DiskStat st = super.stat(path);
            if (replacing && st != null && path.getFileName().toString().equals(LOCK)) {
                return new DiskStat(st.kind(), st.size(), new Object(), st.modifiedNanos());
            }
            return st;
        }
    }

    @Test
    void aLockFileThatKeepsBeingReplaced_isAnErrorNamingTheDirectory_andLeavesNothingHeld() throws Exception {
        ReplacedLockFile disk = new ReplacedLockFile(open);
        DirectoryLocks locks = locks(disk);
        Path d = dir("d");
        disk.replacing = true;
        assertThatThrownBy(() -> locks.lock(d)).isInstanceOf(VikingFsException.class)
                .hasMessageContaining(d.toString()).hasMessageContaining("keeps being replaced by another program")
                .hasMessageContaining("retry");
        assertThat(openLockFiles()).as("every descriptor opened on the way is closed").isZero();
        assertThat(lockedByUs(d.resolve(LOCK))).isFalse();
        disk.replacing = false;
        lockAllFromAnotherThread(locks, List.of(d));
        locks.close();
    }

    @Test
    void aWaitForAHeldDirectoryLock_isReportedOnceReleased_anUncontendedOneNot() throws Exception {
        ReplacedLockFile disk = new ReplacedLockFile(open);
        DirectoryLocks locks = locks(disk);
        Path d = dir("d");
        locks.lock(d).close();
        assertThat(waits).as("an uncontended lock").isEmpty();
        for (boolean failing : new boolean[] {false, true}) {
            FileLocks.Held held = locks.lock(d);
            FutureTask<Void> waiter = start("waiter", () -> {
                locks.lock(d).close();
                return null;
            });
            Thread t = started.get(started.size() - 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(LockSupport.getBlocker(t) instanceof AbstractQueuedSynchronizer)) {
                assertThat(System.nanoTime()).as("the waiter parks on the held lock").isLessThan(deadline);
                Thread.onSpinWait();
            }
            disk.replacing = failing; // the waiter, once it has the JVM-wide lock, finds the lock file replaced
            held.close();
            if (failing) {
                assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(VikingFsException.class);
                disk.replacing = false;
            } else {
                waiter.get(30, TimeUnit.SECONDS);
            }
            synchronized (waits) {
                assertThat(waits).as("failing: %s", failing).containsExactly("d/" + LOCK);
                waits.clear();
            }
        }
        locks.close();
    }
}
