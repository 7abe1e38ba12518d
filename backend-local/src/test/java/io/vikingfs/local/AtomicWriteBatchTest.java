package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import static io.vikingfs.local.PausingDisk.Op;
import static io.vikingfs.local.PausingDisk.When;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coalescing of concurrent atomic writes of one path ({@link AtomicWriter}'s Javadoc; the flushes per op of 16
 * durable writers to one path in benchmarks/RESULTS.md), made deterministic: a leader is held inside its publish
 * ({@link PausingDisk}) while followers queue behind it, so the next batch is exactly the followers. Then: one
 * temp file and one directory sync for the whole batch, the last write's content, each writer its own version;
 * a non-durable member returns right after the renames, a durable one only after the directory sync.
 */
class AtomicWriteBatchTest {
    private static final VPath DOC = VPath.of("doc.json");

    private FileSystem jimfs;
    private PausingDisk pausing;
    private CountingDisk disk;
    private LocalVikingFs fs;
    private final List<Thread> started = new ArrayList<>();
    private final List<PausingDisk.Pause> pauses = new ArrayList<>();
    /** The pause holding the current leader ({@link #heldLeader}). */
    private PausingDisk.Pause held;

    @BeforeEach
    void open() throws IOException {
        jimfs = DiskRoots.newJimfs();
        pausing = new PausingDisk(new NioDisk(DiskRoots.jimfsRoot(jimfs)));
        disk = new CountingDisk(pausing);
        fs = LocalVikingFs.open(disk, LocalOptions.DEFAULT);
    }

    @AfterEach
    void close() throws Exception {
        pauses.forEach(PausingDisk.Pause::release); // a failed check must not leave a writer held for a minute
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        fs.close();
        jimfs.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private PausingDisk.Pause pause(When when, Op op, java.util.function.Predicate<java.nio.file.Path> path) {
        PausingDisk.Pause p = pausing.pause(when, op, path);
        pauses.add(p);
        return p;
    }

    private <T> FutureTask<T> start(String name, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, name);
        started.add(t);
        t.start();
        return task;
    }

    private FutureTask<Version> write(String content, boolean durable) {
        return start("writer-" + content, () -> fs.atomicWrite(DOC, utf8(content), WriteOptions.durable(durable)));
    }

    /**
     * Waits until {@code t} waits on its lane's monitor (queued behind the leader: no lock object as blocker). A
     * writer takes no lock before it queues, so one parked on a lock (the directory lock the held leader keeps) is
     * publishing on its own instead.
     */
    static void awaitQueued(Thread t, FutureTask<?> task) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.WAITING || LockSupport.getBlocker(t) != null) {
            if (task.isDone()) {
                throw new AssertionError(t.getName() + " finished while the leader was held: " + outcome(task));
            }
            if (LockSupport.getBlocker(t) instanceof java.util.concurrent.locks.AbstractQueuedSynchronizer) {
                throw new AssertionError(t.getName() + " waits for a lock the held leader keeps instead of queueing "
                        + "behind it: a second queue of the same path");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t.getName() + " did not queue behind the held leader within 30 s");
            }
            Thread.onSpinWait();
        }
    }

    private static String outcome(FutureTask<?> task) throws InterruptedException {
        try {
            return "returned " + task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return "threw " + e.getCause();
        }
    }

    /**
     * Starts {@code call} as the leader of {@code DOC}'s queue and holds it just before its publish (the rename),
     * with the directory lock held; returns it once held. {@code held.release()} lets it go on.
     */
    private FutureTask<Version> heldLeader(Callable<Version> call) throws InterruptedException {
        held = pause(When.BEFORE, Op.RENAME, PausingDisk.named(DOC.name()));
        FutureTask<Version> leader = start("writer-leader", call);
        assertThat(held.reached(30_000)).as("the leader reached its publish").isTrue();
        return leader;
    }

    private Thread last() {
        return started.get(started.size() - 1);
    }

    @Test
    void durableWritersQueuedBehindALeader_shareOneTempFileAndOneDirectorySync() throws Exception {
        fs.atomicWrite(DOC, utf8("0"), WriteOptions.DEFAULT);
        CountingDisk.Counts before = disk.counts();
        FutureTask<Version> leader = heldLeader(() -> fs.atomicWrite(DOC, utf8("leader"), WriteOptions.DEFAULT));
        List<FutureTask<Version>> followers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            followers.add(write("f" + i, true));
            awaitQueued(last(), followers.get(i - 1));
        }
        held.release();
        assertThat(leader.get(60, TimeUnit.SECONDS)).isEqualTo(FileReads.versionOf(utf8("leader")));
        for (int i = 1; i <= 4; i++) {
            assertThat(followers.get(i - 1).get(60, TimeUnit.SECONDS)).as("follower %d's own version", i)
                    .isEqualTo(FileReads.versionOf(utf8("f" + i)));
        }
        CountingDisk.Counts used = disk.counts().minus(before);
        // Two batches — the leader alone, then the four followers — each one temp file (only the batch's last
        // write is published: the others are overwritten before anyone could read them) and one directory sync.
        assertThat(used.fileSyncs()).as("temp files synced for 5 writes in 2 batches").isEqualTo(2);
        assertThat(used.directorySyncs()).as("directory syncs for 5 durable writes in 2 batches").isEqualTo(2);
        assertThat(fs.read(DOC)).isEqualTo(utf8("f4"));
        assertThat(fs.recover(false).total()).as("no temp file left").isZero();
    }

    @Test
    void aConditionalWriteInABatch_isPublishedOnItsOwn_andTheWritesAroundItStillCoalesce() throws Exception {
        Version v0 = fs.atomicWrite(DOC, utf8("0"), WriteOptions.DEFAULT);
        CountingDisk.Counts before = disk.counts();
        // The leader is conditional too (it matches): a batch once published is gone from the queue, never
        // checked again in the next batch.
        FutureTask<Version> leader = heldLeader(() -> fs.atomicWrite(DOC, utf8("leader"),
                WriteOptions.precondition(io.vikingfs.Precondition.ifMatch(v0)).withDurable(false)));
        FutureTask<Version> a = write("a", false);
        awaitQueued(last(), a);
        FutureTask<Version> b = write("b", false);
        awaitQueued(last(), b);
        // Checked after a and b land: the leader's content is then gone, so it must fail — never skipped.
        FutureTask<Version> stale = start("writer-ifMatch", () -> fs.atomicWrite(DOC, utf8("stale"),
                WriteOptions.precondition(io.vikingfs.Precondition.ifMatch(v0)).withDurable(false)));
        awaitQueued(last(), stale);
        FutureTask<Version> c = write("c", false);
        awaitQueued(last(), c);
        FutureTask<Version> staleLast = start("writer-ifMatch-last", () -> fs.atomicWrite(DOC, utf8("stale"),
                WriteOptions.precondition(io.vikingfs.Precondition.ifMatch(v0)).withDurable(false)));
        awaitQueued(last(), staleLast);
        held.release();
        leader.get(60, TimeUnit.SECONDS);
        // a shares b's outcome, never a later member's: b was published, so a succeeded.
        assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(FileReads.versionOf(utf8("a")));
        b.get(60, TimeUnit.SECONDS);
        c.get(60, TimeUnit.SECONDS);
        for (FutureTask<Version> failed : List.of(stale, staleLast)) {
            assertThatThrownBy(() -> failed.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    io.vikingfs.PreconditionFailedException.class);
        }
        // leader; then the batch [a, b, ifMatch, c, ifMatch]: a is skipped (b overwrites it), b is published, each
        // ifMatch is checked and fails after writing its temp file, c is published.
        assertThat(disk.counts().minus(before).fileSyncs()).isEqualTo(5);
        assertThat(disk.counts().minus(before).directorySyncs()).isZero();
        assertThat(fs.read(DOC)).isEqualTo(utf8("c"));
    }

    /**
     * A queued writer interrupted while it waits stops waiting with an {@link java.io.InterruptedIOException} saying
     * its write may still take place (its request stays queued), keeps its interrupt status, and does not break the
     * queue: a writer arriving after it still queues behind the held leader, and the next batch publishes once.
     */
    @Test
    void aQueuedWriterInterrupted_stopsWaiting_andTheQueueStaysOne() throws Exception {
        fs.atomicWrite(DOC, utf8("0"), WriteOptions.DEFAULT);
        CountingDisk.Counts before = disk.counts();
        FutureTask<Version> leader = heldLeader(() -> fs.atomicWrite(DOC, utf8("leader"), WriteOptions.durable(false)));
        boolean[] stillInterrupted = new boolean[1];
        FutureTask<Version> interrupted = start("writer-interrupted", () -> {
            try {
                return fs.atomicWrite(DOC, utf8("interrupted"), WriteOptions.durable(false));
            } finally {
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            }
        });
        Thread interruptedThread = last();
        awaitQueued(interruptedThread, interrupted);
        interruptedThread.interrupt();
        assertThatThrownBy(() -> interrupted.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.io.InterruptedIOException.class)
                .hasMessageContaining(DOC.toString()).hasMessageContaining("it may still take place");
        assertThat(stillInterrupted[0]).as("the interrupt status is kept").isTrue();
        // Arrives after the interrupted writer left: it must still queue behind the held leader, not lead a
        // second queue of the same path (it would then publish on its own, its temp file waiting for the lock).
        FutureTask<Version> after = write("after", false);
        awaitQueued(last(), after);
        held.release();
        leader.get(60, TimeUnit.SECONDS);
        assertThat(after.get(60, TimeUnit.SECONDS)).isEqualTo(FileReads.versionOf(utf8("after")));
        // The leader's temp file, then one for the batch [interrupted, after] (the first overwritten by the second).
        assertThat(disk.counts().minus(before).fileSyncs()).isEqualTo(2);
        assertThat(fs.read(DOC)).isEqualTo(utf8("after"));
    }

    /**
     * In a batch [durable, non-durable, durable], the non-durable write returns right after the renames, while the
     * directory sync is still held; the durable ones — the first superseded, the last published — only once the
     * sync is done. The leader performs the sync itself and who leads is up to the scheduler, so the batch is formed
     * again (the non-durable writer in each place) until a durable writer leads.
     */
    @Test
    void aNonDurableWriteReturnsBeforeTheBatchsDirectorySync_durableOnesAfterIt() throws Exception {
        fs.atomicWrite(DOC, utf8("0"), WriteOptions.DEFAULT);
        for (int attempt = 0; attempt < 16; attempt++) {
            int nonDurableAt = attempt % 3;
            String leaderContent = "leader" + attempt;
            FutureTask<Version> leader = heldLeader(() -> fs.atomicWrite(DOC, utf8(leaderContent),
                    WriteOptions.durable(false)));
            List<FutureTask<Version>> durables = new ArrayList<>();
            FutureTask<Version> nonDurable = null;
            Thread nonDurableThread = null;
            String lastContent = null;
            for (int i = 0; i < 3; i++) {
                lastContent = (i == nonDurableAt ? "nonDurable" : "durable") + attempt + "-" + i;
                FutureTask<Version> w = write(lastContent, i != nonDurableAt);
                awaitQueued(last(), w);
                if (i == nonDurableAt) {
                    nonDurable = w;
                    nonDurableThread = last();
                } else {
                    durables.add(w);
                }
            }
            // The batch's leader is held at its publish until the first leader has left write() (its own wake-up
            // calls done), so only the batch's release can wake the non-durable member.
            PausingDisk.Pause publish = pause(When.BEFORE, Op.RENAME, PausingDisk.named(DOC.name()));
            held.release();
            leader.get(60, TimeUnit.SECONDS);
            assertThat(publish.reached(30_000)).as("the batch reached its publish").isTrue();
            // The first leader is not durable: the first directory sync after it is the batch's.
            PausingDisk.Pause sync = pause(When.BEFORE, Op.SYNC_DIRECTORY, p -> true);
            publish.release();
            assertThat(sync.reached(30_000)).as("the batch syncs the directory").isTrue();
            if (heldAtThePause(nonDurableThread)) {
                sync.release(); // the non-durable writer leads and syncs for the durable ones: try again
                for (FutureTask<Version> d : durables) {
                    d.get(60, TimeUnit.SECONDS);
                }
                nonDurable.get(60, TimeUnit.SECONDS);
                continue;
            }
            try {
                assertThat(nonDurable.get(30, TimeUnit.SECONDS)).as("the non-durable write returned while its "
                        + "batch's directory sync was held").isEqualTo(FileReads.versionOf(
                        utf8("nonDurable" + attempt + "-" + nonDurableAt)));
                for (FutureTask<Version> d : durables) {
                    assertThatThrownBy(() -> d.get(200, TimeUnit.MILLISECONDS)).as("a durable write returned "
                            + "before the directory sync").isInstanceOf(TimeoutException.class);
                }
            } finally {
                sync.release();
            }
            for (FutureTask<Version> d : durables) {
                d.get(60, TimeUnit.SECONDS);
            }
            assertThat(fs.read(DOC)).isEqualTo(utf8(lastContent));
            return;
        }
        throw new AssertionError("in 16 attempts no durable writer led its batch");
    }

    /** Whether {@code t} is the thread held at a {@link PausingDisk} pause (parked on the pause's latch). */
    private static boolean heldAtThePause(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (LockSupport.getBlocker(t) instanceof java.util.concurrent.locks.AbstractQueuedSynchronizer) {
                return true;
            }
            if (t.getState() == Thread.State.TERMINATED) {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
