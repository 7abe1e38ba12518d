package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gathering of a batch ({@link AtomicWriter}'s Javadoc, "Gathering"), made deterministic through its seam
 * ({@link AtomicWriter.Gathering}): a writer is held while it is counted in the path's lane but outside its queue,
 * and the leader's bounded wait runs on a clock of the test's own — no wall-clock bound is asserted. Shown: a
 * writer on its way joins the leader's batch (one temp-file sync and one directory sync for both, counted by
 * {@link CountingDisk}); the leader also waits for a writer that is leaving; the bound is twice the last batch's
 * duration within 0.2–2 ms and the leader publishes what is queued once it has passed; a lone writer never waits;
 * an interrupt ends the wait, the batch is still published and the interrupt stays set.
 */
class AtomicWriteGatheringTest {
    private static final VPath DOC = VPath.of("doc.json");
    private static final long T0 = 1_000_000_000_000L;

    /** A writer held at one of its {@code outsideQueue} calls until released. */
    private static final class Hold {
        final boolean arriving;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        Hold(boolean arriving) {
            this.arriving = arriving;
        }

        boolean reached() throws InterruptedException {
            return reached.await(10, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }
    }

    /** One step of the leader's gathering wait, run with the lane's monitor held. */
    private interface Step {
        void run(Object lane, long nanos) throws InterruptedException;
    }

    /** The test's gathering: holds armed writers, records every wait, runs scripted steps, keeps its own clock. */
    private final class TestGathering implements AtomicWriter.Gathering {
        final AtomicLong clock = new AtomicLong(T0);
        volatile boolean systemClock;
        final ConcurrentLinkedQueue<Hold> armed = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Step> steps = new ConcurrentLinkedQueue<>();
        final List<Long> waits = new CopyOnWriteArrayList<>();

        @Override
        public void outsideQueue(Path target, boolean arriving) {
            Hold h = armed.peek();
            if (h == null || h.arriving != arriving || !armed.remove(h)) {
                return;
            }
            h.reached.countDown();
            try {
                h.released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long now() {
            return systemClock ? AtomicWriter.Gathering.super.now() : clock.get();
        }

        @Override
        public void await(Object lane, long nanos) throws InterruptedException {
            waits.add(nanos);
            Step step = steps.poll();
            if (step == null) {
                AtomicWriter.Gathering.super.await(lane, nanos);
            } else {
                step.run(lane, nanos);
            }
        }

        /** The production wait, long enough that only a notification ends it within the test's patience. */
        void awaitNotified(Object lane) throws InterruptedException {
            AtomicWriter.Gathering.super.await(lane, TimeUnit.SECONDS.toNanos(20));
        }
    }

    private FileSystem jimfs;
    private PausingDisk pausing;
    private CountingDisk disk;
    private DirectoryLocks locks;
    private AtomicWriter writer;
    private final TestGathering gathering = new TestGathering();
    /** Whether creating a file throws an {@link Error} (a bug below the protocol, not an I/O error). */
    private volatile boolean brokenDiskLayer;
    private final List<Hold> holds = new ArrayList<>();
    private final List<PausingDisk.Pause> pauses = new ArrayList<>();
    private final List<Thread> started = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        jimfs = DiskRoots.newJimfs();
        pausing = new PausingDisk(new io.vikingfs.local.disk.ForwardingDisk(new NioDisk(DiskRoots.jimfsRoot(jimfs))) {
            @Override
            public io.vikingfs.local.disk.DiskFile createNew(Path path) throws IOException {
                if (brokenDiskLayer) {
                    throw new AssertionError("a broken disk layer: an Error creating " + path);
                }
                return super.createNew(path);
            }
        });
        disk = new CountingDisk(pausing);
        Path root = disk.root();
        Files.createDirectories(root);
        // The wiring of LocalVikingFs, with the test's gathering.
        PathLocks pathLocks = new PathLocks(root, root);
        Failures failures = new Failures();
        Telemetry telemetry = new Telemetry();
        Publisher publisher = new Publisher(disk, failures, telemetry);
        locks = new DirectoryLocks(disk, pathLocks, telemetry);
        writer = new AtomicWriter(disk, new Resolver(disk, publisher), publisher, locks,
                new FileReads(disk, pathLocks), failures, gathering);
    }

    @AfterEach
    void close() throws Exception {
        holds.forEach(Hold::release); // a failed check must not leave a writer held for a minute
        pauses.forEach(PausingDisk.Pause::release);
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        locks.close();
        jimfs.close();
    }

    private Hold hold(boolean arriving) {
        Hold h = new Hold(arriving);
        holds.add(h);
        gathering.armed.add(h);
        return h;
    }

    private <T> FutureTask<T> start(String name, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, name);
        t.setDaemon(true); // a mutant that never ends its wait must not keep the JVM alive
        started.add(t);
        t.start();
        return task;
    }

    private FutureTask<Version> write(String content, boolean durable) {
        return start("writer-" + content, () -> {
            Version v = writer.write(DOC, utf8(content), WriteOptions.durable(durable));
            assertThat(Thread.interrupted()).as("an interrupt nobody made, on %s's return", content).isFalse();
            return v;
        });
    }

    /** Starts a writer and returns once it is held counted but outside the queue, on its way in. */
    private FutureTask<Version> writeHeldOnItsWay(String content, Hold hold) throws InterruptedException {
        FutureTask<Version> task = write(content, true);
        assertThat(hold.reached()).as("%s held on its way into the queue", content).isTrue();
        return task;
    }

    /** Starts a first writer and returns once it is held at its publish (the rename), leading its batch. */
    private FutureTask<Version> firstHeldAtItsPublish() throws InterruptedException {
        PausingDisk.Pause published = pausing.pause(PausingDisk.When.BEFORE, PausingDisk.Op.RENAME,
                PausingDisk.named(DOC.name()));
        pauses.add(published);
        FutureTask<Version> first = write("a", true);
        assertThat(published.reached(30_000)).as("the first writer held at its publish").isTrue();
        return first;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] content() throws IOException {
        return Files.readAllBytes(disk.root().resolve(DOC.name()));
    }

    private static Version get(FutureTask<Version> task, String who) throws Exception {
        try {
            return task.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(who + " did not return within 10 s: a gathering wait nobody ended", e);
        }
    }

    @Test
    void aWriterOnItsWay_joinsTheLeadersBatch_sharingItsTempFileSyncAndDirectorySync() throws Exception {
        CountingDisk.Counts before = disk.counts();
        Hold w = hold(true);
        FutureTask<Version> onItsWay = writeHeldOnItsWay("w", w);
        // The leader finds one writer counted but not queued: it waits; W arrives (its arrival wakes the leader).
        gathering.steps.add((lane, nanos) -> {
            w.release();
            gathering.awaitNotified(lane);
        });
        FutureTask<Version> leader = write("l", true);
        assertThat(get(leader, "the leader")).isEqualTo(FileReads.versionOf(utf8("l")));
        assertThat(get(onItsWay, "the writer on its way")).isEqualTo(FileReads.versionOf(utf8("w")));
        assertThat(gathering.waits).as("the leader's gathering waits (a fresh lane: the 0.2 ms minimum)")
                .containsExactly(200_000L);
        CountingDisk.Counts used = disk.counts().minus(before);
        assertThat(used.fileSyncs()).as("temp files synced for two writes in one batch").isEqualTo(1);
        assertThat(used.directorySyncs()).as("directory syncs for two durable writes in one batch").isEqualTo(1);
        assertThat(content()).isEqualTo(utf8("w"));
    }

    @Test
    void aLoneWriter_neverWaits() throws Exception {
        gathering.systemClock = true;
        for (int i = 0; i < 3; i++) {
            writer.write(DOC, utf8("v" + i), WriteOptions.DEFAULT);
        }
        assertThat(gathering.waits).as("gathering waits of writes one after another").isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).as("an interrupt nobody made").isFalse();
    }

    @Test
    void idleLanes_areRetiredPastTheBound_theLaneOfAWriterInItIsKept() throws Exception {
        gathering.systemClock = true;
        Hold held = hold(true);
        FutureTask<Version> inLane = writeHeldOnItsWay("kept", held); // counted in DOC's lane throughout
        int others = AtomicWriter.MAX_LANES + 10;
        for (int i = 0; i < others; i++) {
            writer.write(VPath.of("many/" + i + ".json"), utf8("x"), WriteOptions.durable(false));
        }
        // The write that made the 1,025th lane retired every idle one, its own included; DOC's is in use. Ten more
        // were made since.
        assertThat(writer.lanes()).as("lanes after %d paths written, one writer still in DOC's", others)
                .isEqualTo(1 + 10);
        writer.write(VPath.of("many/0.json"), utf8("again"), WriteOptions.durable(false)); // its lane was retired
        held.release();
        get(inLane, "the writer held in its lane");
        assertThat(content()).isEqualTo(utf8("kept"));
        assertThat(writer.lanes()).isEqualTo(1 + 10 + 1);
    }

    @Test
    void theBound_isTwiceTheLastBatchsDuration() throws Exception {
        FutureTask<Version> first = firstHeldAtItsPublish();
        Hold b = hold(true);
        FutureTask<Version> second = writeHeldOnItsWay("b", b);
        Hold c = hold(true);
        FutureTask<Version> third = writeHeldOnItsWay("c", c);
        gathering.clock.addAndGet(300_000); // the first batch takes 0.3 ms by the gathering's clock
        pauses.get(0).release();
        get(first, "the first writer");
        gathering.steps.add((lane, nanos) -> {
            c.release();
            gathering.awaitNotified(lane);
        });
        b.release(); // leads the next batch, with c on its way
        get(second, "the second writer");
        get(third, "the third writer");
        assertThat(gathering.waits).as("the second leader's gathering bound after a 0.3 ms batch")
                .containsExactly(600_000L);
        assertThat(content()).isEqualTo(utf8("c"));
    }

    @Test
    void pastTheBound_theLeaderPublishesWhatIsQueued() throws Exception {
        Hold w1 = hold(true);
        FutureTask<Version> first = writeHeldOnItsWay("w1", w1);
        Hold w2 = hold(true);
        FutureTask<Version> late = writeHeldOnItsWay("w2", w2);
        gathering.steps.add((lane, nanos) -> {
            gathering.clock.addAndGet(50_000);
            w1.release();
            gathering.awaitNotified(lane); // w1's arrival: w2 still on its way, 0.15 ms left
        });
        gathering.steps.add((lane, nanos) -> gathering.clock.addAndGet(nanos)); // the bound passes, no one came
        FutureTask<Version> leader = write("l", true);
        get(leader, "the leader");
        get(first, "w1");
        assertThat(late.isDone()).as("w2, still held on its way, in no batch yet").isFalse();
        assertThat(gathering.waits).as("the leader's waits: the bound, then what is left of it")
                .containsExactly(200_000L, 150_000L);
        assertThat(content()).as("the batch of the leader and w1").isEqualTo(utf8("w1"));
        w2.release();
        get(late, "w2");
        assertThat(content()).isEqualTo(utf8("w2"));
    }

    @Test
    void aBoundOnTheSystemClock_endsAWaitForAWriterThatNeverCame() throws Exception {
        gathering.systemClock = true;
        Hold w = hold(true);
        FutureTask<Version> onItsWay = writeHeldOnItsWay("w", w);
        FutureTask<Version> leader = write("l", true);
        get(leader, "the leader");
        assertThat(onItsWay.isDone()).isFalse();
        assertThat(gathering.waits).as("the leader waited for the writer on its way").isNotEmpty();
        assertThat(content()).isEqualTo(utf8("l"));
        w.release();
        get(onItsWay, "the writer on its way");
        assertThat(content()).isEqualTo(utf8("w"));
    }

    @Test
    void theLeader_waitsForAWriterLeaving_andGoesOnWhenItLeft() throws Exception {
        FutureTask<Version> first = firstHeldAtItsPublish();
        FutureTask<Version> second = write("b", true);
        AtomicWriteBatchTest.awaitQueued(started.get(started.size() - 1), second);
        Hold leaving = hold(false); // the first writer, done and about to stop being counted
        gathering.steps.add((lane, nanos) -> {
            leaving.release();
            gathering.awaitNotified(lane); // ended by the first writer's leaving
        });
        pauses.get(0).release();
        get(first, "the first writer");
        get(second, "the second writer, leading after it");
        assertThat(leaving.reached()).as("the first writer held while leaving").isTrue();
        assertThat(gathering.waits).as("the second leader waited for the first writer to leave").hasSize(1);
        assertThat(content()).isEqualTo(utf8("b"));
    }

    @Test
    void anInterruptedGathering_keepsTheInterrupt_evenWhenThePublishThrowsAnError() throws Exception {
        Hold w = hold(true);
        FutureTask<Version> onItsWay = writeHeldOnItsWay("w", w);
        gathering.steps.add((lane, nanos) -> {
            Thread.currentThread().interrupt();
            brokenDiskLayer = true;
            gathering.awaitNotified(lane);
        });
        FutureTask<String> leader = start("writer-l", () -> {
            try {
                writer.write(DOC, utf8("l"), WriteOptions.durable(true));
                return "returned";
            } catch (AssertionError e) {
                return "threw the Error" + (Thread.interrupted() ? ", interrupt set" : ", interrupt lost");
            }
        });
        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("threw the Error, interrupt set");
        brokenDiskLayer = false;
        w.release();
        get(onItsWay, "the writer on its way");
        assertThat(content()).isEqualTo(utf8("w"));
    }

    @Test
    void anInterruptedGathering_publishesWhatIsQueued_andTheInterruptStaysSet() throws Exception {
        // Before the fix of this case the interrupt stayed set through the publish: its lock (an interruptible
        // FileChannel.lock) failed, and with it the write of every member of the batch.
        Hold w = hold(true);
        FutureTask<Version> onItsWay = writeHeldOnItsWay("w", w);
        gathering.steps.add((lane, nanos) -> {
            Thread.currentThread().interrupt();
            gathering.awaitNotified(lane);
        });
        FutureTask<Boolean> leader = start("writer-l", () -> {
            writer.write(DOC, utf8("l"), WriteOptions.durable(true));
            return Thread.interrupted();
        });
        assertThat(leader.get(10, TimeUnit.SECONDS)).as("the leader's interrupt, still set on return").isTrue();
        assertThat(content()).isEqualTo(utf8("l"));
        w.release();
        get(onItsWay, "the writer on its way");
        assertThat(content()).isEqualTo(utf8("w"));
    }
}
