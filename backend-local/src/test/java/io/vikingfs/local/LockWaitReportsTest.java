package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.AsShared;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.telemetry.VikingFsListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link VikingFsListener#lockWait}: "a thread waited {@code nanos} for a lock another thread held (reported only
 * when it had to wait)" — for a log's lock (an append, a repair) and for a directory's {@code .vfs-lock} (a change
 * of names). One caller is held still inside the lock ({@link PausingDisk}); a second one waits behind it for
 * {@link #HELD_MILLIS} and reports one wait on that lock's path, at least that long and at most as long as the test
 * ran; the caller that never waited reports nothing. A listener on the store's own hub, on Jimfs (the locks
 * waited for are this JVM's).
 */
class LockWaitReportsTest {
    private static final long HELD_MILLIS = 100;

    private record Wait(String path, long nanos) {
    }

    @TempDir
    Path tmp;

    private final List<Wait> waits = new CopyOnWriteArrayList<>();

    private interface Contended {
        /** The call that waits: it starts once the first caller is held at its pause. */
        void run(LocalVikingFs fs) throws Exception;
    }

    /**
     * Holds one caller at {@code pause} ({@code holder}); starts {@code waiter} in another thread and, once it is
     * blocked on a lock, keeps it so for {@link #HELD_MILLIS}; releases the holder. Returns how long the whole took
     * (an upper bound of any wait).
     */
    private long contend(LocalVikingFs fs, PausingDisk.Pause pause, Contended holder, Contended waiter)
            throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> call(holder, fs));
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        Thread second = new Thread(() -> {
            try {
                waiter.run(fs);
                waiting.complete(null);
            } catch (Throwable e) {
                waiting.completeExceptionally(e);
            }
        });
        try {
            assertThat(pause.reached(10_000)).as("the first caller reached its pause").isTrue();
            second.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!blocked(second)) {
                assertThat(System.nanoTime()).as("the second caller blocks on a lock within 10 s").isLessThan(deadline);
                Thread.onSpinWait();
            }
            Thread.sleep(HELD_MILLIS);
            assertThat(waiting).as("the second caller waits for the lock the first holds").isNotDone();
            pause.release();
            held.get(10, TimeUnit.SECONDS);
            waiting.get(10, TimeUnit.SECONDS);
        } finally {
            pause.release();
            second.join(10_000);
        }
        return System.nanoTime() - start;
    }

    /** Whether {@code t} is parked on a lock (a log's, or the in-process lock of a lock file). */
    private static boolean blocked(Thread t) {
        Thread.State s = t.getState();
        return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) && LockSupport.getBlocker(t) != null;
    }

    private static void call(Contended c, LocalVikingFs fs) {
        try {
            c.run(fs);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertOneWait(Path on, long within) {
        assertThat(waits).as("lock waits reported").singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo(on.toString());
            assertThat(w.nanos()).as("the wait (ns)").isBetween(TimeUnit.MILLISECONDS.toNanos(HELD_MILLIS), within);
        });
    }

    private interface WithStore {
        void run(LocalVikingFs fs, PausingDisk disk) throws Exception;
    }

    private void withStore(WithStore test) throws Exception {
        withStore(d -> d, test);
    }

    /** As {@link #withStore(WithStore)}, the pauses over the disk {@code below} makes. */
    private void withStore(UnaryOperator<Disk> below, WithStore test) throws Exception {
        PausingDisk[] disk = new PausingDisk[1];
        try (Stores stores = Stores.on("jimfs", tmp, d -> disk[0] = new PausingDisk(below.apply(d)))) {
            LocalVikingFs fs = stores.open();
            fs.telemetry().attach(new VikingFsListener() {
                @Override
                public void lockWait(String path, long nanos) {
                    waits.add(new Wait(path, nanos));
                }
            });
            test.run(fs, disk[0]);
        }
    }

    @Test
    void anAppendWaitingForTheLogsLock_reportsTheWaitOnTheLog_theHolderNothing() throws Exception {
        withStore((fs, disk) -> {
            VPath log = VPath.of("logs/a.jsonl");
            fs.append(log, "{\"n\":0}", false); // creates the log: no wait
            long took = contend(fs, disk.pause(PausingDisk.When.BEFORE, PausingDisk.Op.WRITE, PausingDisk.named("a.jsonl")),
                    s -> s.append(log, "{\"n\":1}", false), s -> s.append(log, "{\"n\":2}", false));
            assertOneWait(disk.root().resolve("logs/a.jsonl"), took);
            assertThat(fs.readRecords(log).records()).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        });
    }

    @Test
    void aRepairWaitingForTheLogsLock_reportsTheWaitOnTheLog() throws Exception {
        withStore((fs, disk) -> {
            VPath log = VPath.of("logs/r.jsonl");
            fs.append(log, "{\"n\":0}", false);
            long took = contend(fs, disk.pause(PausingDisk.When.BEFORE, PausingDisk.Op.WRITE, PausingDisk.named("r.jsonl")),
                    s -> s.append(log, "{\"n\":1}", false), s -> assertThat(s.repairLog(log, false)).isZero());
            assertOneWait(disk.root().resolve("logs/r.jsonl"), took);
        });
    }

    /** On Jimfs as it is (in memory: the JVM-wide lock alone) and presented as shared (the lock file's lock too). */
    @ParameterizedTest(name = "shared disk: {0}")
    @ValueSource(booleans = {false, true})
    void aDeleteWaitingForItsDirectorysLock_reportsTheWaitOnTheLockFile(boolean shared) throws Exception {
        withStore(d -> shared ? new AsShared(d) : d, (fs, disk) -> {
            fs.append(VPath.of("d/x.jsonl"), "{}", false);
            fs.append(VPath.of("d/y.jsonl"), "{}", false);
            long took = contend(fs, disk.pause(PausingDisk.When.BEFORE, PausingDisk.Op.DELETE, PausingDisk.named("x.jsonl")),
                    s -> s.delete(VPath.of("d/x.jsonl")), s -> s.delete(VPath.of("d/y.jsonl")));
            assertOneWait(disk.root().resolve("d").resolve(LibraryNames.DIRECTORY_LOCK), took);
            assertThat(fs.exists(VPath.of("d/x.jsonl")) || fs.exists(VPath.of("d/y.jsonl"))).isFalse();
        });
    }
    /** A wait is reported also when the lock waited for then cannot be taken: the waiter's call fails, moving nothing. */
    @Test
    void aDeleteWaitingForItsDirectorysLock_thatThenFailsToTakeIt_reportsTheWait() throws Exception {
        FaultyDisk[] faulty = new FaultyDisk[1];
        // as shared: on a disk in memory no FileLock is taken, there is none to fail
        withStore(d -> faulty[0] = new FaultyDisk(new AsShared(d)), (fs, disk) -> {
            fs.append(VPath.of("d/x.jsonl"), "{}", false);
            fs.append(VPath.of("d/y.jsonl"), "{}", false);
            Path lockFile = disk.root().resolve("d").resolve(LibraryNames.DIRECTORY_LOCK);
            AtomicReference<Thread> holder = new AtomicReference<>();
            faulty[0].inject(op -> {
                boolean lockOfD = op.kind() == FaultyDisk.OpKind.FILE_LOCK && op.path().equals(lockFile);
                // the first thread to lock d's lock file (the holder) takes it; another thread's lock fails
                if (!lockOfD || holder.compareAndSet(null, Thread.currentThread())
                        || holder.get() == Thread.currentThread()) {
                    return null;
                }
                return new IOException("injected: no locks available");
            });
            long took = contend(fs, disk.pause(PausingDisk.When.BEFORE, PausingDisk.Op.DELETE, PausingDisk.named("x.jsonl")),
                    s -> s.delete(VPath.of("d/x.jsonl")),
                    s -> assertThatThrownBy(() -> s.delete(VPath.of("d/y.jsonl"))).hasMessageContaining("no locks available"));
            assertOneWait(lockFile, took);
            assertThat(fs.exists(VPath.of("d/y.jsonl"))).isTrue();
        });
    }
}
