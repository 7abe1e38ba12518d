package io.vikingfs.local;

import io.vikingfs.conformance.Concurrently;
import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Telemetry;
import io.vikingfs.telemetry.VikingFsListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GroupCommit}'s Javadoc, one promise at a time: a flush covers every change registered before it started
 * (so a covered change never waits for another), changes registered while one flush runs share the next one, each
 * flush is reported with how many changes it covered, a failed flush is final for every present and later waiter
 * (a {@code RuntimeException} of the flush becomes an {@code IOException}; an {@code Error} propagates, recorded as
 * that failure), and a waiter interrupted while another
 * caller flushes fails as interrupted with its interrupt flag kept.
 */
class GroupCommitContractTest {
    private record Reported(FlushKind kind, String path, long changes, boolean failed) {
    }

    private final List<Reported> reported = new CopyOnWriteArrayList<>();
    /** The duration each reported flush was said to take (ns), in report order. */
    private final List<Long> reportedNanos = new CopyOnWriteArrayList<>();
    private final GroupCommit group;

    GroupCommitContractTest() {
        Telemetry telemetry = new Telemetry();
        telemetry.attach(new VikingFsListener() {
            @Override
            public void flush(FlushKind kind, String path, long nanos, long changes, boolean failed) {
                reported.add(new Reported(kind, path, changes, failed));
                reportedNanos.add(nanos);
            }
        });
        group = new GroupCommit(telemetry, FlushKind.FILE, "s/log.jsonl");
    }

    /** A flush held still until the test releases it. */
    private static void awaitInFlush(CountDownLatch release) throws IOException {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the flush");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in a held flush");
        }
    }

    /**
     * After every case, whatever path its flushes took (done, failed, thrown, interrupted), the group's lock is free:
     * another thread registers, asks, and flushes (a lock left held by the last caller would block it for good).
     */
    @AfterEach
    void theGroupIsFreeForAnotherThreadAfterwards() throws Exception {
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
            boolean failed = group.failed();
            try {
                group.await(group.register(), () -> {
                });
            } catch (IOException e) {
                assertThat(failed).as("a later flush fails only after a failed one").isTrue();
            }
            return failed;
        });
        assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(group.failed());
    }

    @Test
    void aFlushCoversEveryChangeRegisteredBeforeIt_andACoveredChangeWaitsForNone() throws IOException {
        AtomicInteger flushes = new AtomicInteger();
        long first = group.register();
        long second = group.register();
        group.await(second, flushes::incrementAndGet);
        group.await(first, flushes::incrementAndGet);
        assertThat(flushes).hasValue(1);
        long third = group.register();
        group.await(third, flushes::incrementAndGet);
        assertThat(flushes).hasValue(2);
        assertThat(reported).containsExactly(new Reported(FlushKind.FILE, "s/log.jsonl", 2, false),
                new Reported(FlushKind.FILE, "s/log.jsonl", 1, false));
        assertThat(group.failed()).isFalse();
    }

    @Test
    void changesRegisteredDuringAFlush_shareTheNextOne() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        CountDownLatch registered = new CountDownLatch(5);
        Concurrently.run(6, t -> {
            if (t == 0) {
                group.await(group.register(), () -> {
                    flushes.incrementAndGet();
                    flushing.countDown();
                    awaitInFlush(release);
                });
                return;
            }
            assertThat(flushing.await(30, TimeUnit.SECONDS)).isTrue();
            long mine = group.register();
            registered.countDown();
            if (t == 5) {
                assertThat(registered.await(30, TimeUnit.SECONDS)).isTrue();
                release.countDown(); // every change is registered while the first flush still runs
            }
            group.await(mine, flushes::incrementAndGet);
        });
        assertThat(flushes).as("the first flush and one shared by the five").hasValue(2);
        // (either report may come first: each is made after its flush released the group)
        assertThat(reported).extracting(Reported::changes).containsExactlyInAnyOrder(1L, 5L);
    }

    /**
     * A leader waits for an announced writer that has not reached {@code await} — twice the last flush's duration,
     * within 0.2 to 2 ms — and then flushes without it. Asserted from below only (a wait is at least as long as
     * asked); its end is bounded by the test finishing at all.
     */
    @Test
    void aLeader_waitsTheBoundedTimeForAnAnnouncedWriterThatNeverArrives() throws IOException {
        GroupCommit announcing = new GroupCommit(() -> 2, new Telemetry(), FlushKind.FILE, "s/log.jsonl");
        long[] flushNanos = new long[1];
        long start = System.nanoTime();
        announcing.await(announcing.register(), () -> {
            long began = System.nanoTime();
            LockSupport.parkNanos(300_000);
            flushNanos[0] = System.nanoTime() - began; // at most what the group measured around it
        });
        assertThat(System.nanoTime() - start).as("first: the 0.2 ms least wait, then the flush")
                .isGreaterThanOrEqualTo(200_000 + flushNanos[0]);
        start = System.nanoTime();
        announcing.await(announcing.register(), () -> {
        });
        assertThat(System.nanoTime() - start).as("then twice the last flush (%d ns), within 0.2 to 2 ms", flushNanos[0])
                .isGreaterThanOrEqualTo(Math.min(Math.max(2 * flushNanos[0], 200_000), 2_000_000));
    }

    /** Each flush is reported with how long it took: at least the flush itself, at most the whole call. */
    @Test
    void aFlushIsReportedWithItsDuration() throws IOException {
        long[] flushNanos = new long[1];
        long start = System.nanoTime();
        group.await(group.register(), () -> {
            long began = System.nanoTime();
            LockSupport.parkNanos(1_000_000);
            flushNanos[0] = System.nanoTime() - began;
        });
        long callNanos = System.nanoTime() - start;
        assertThat(reportedNanos).singleElement().satisfies(n -> assertThat(n).as("the reported duration (ns)")
                .isBetween(flushNanos[0], callNanos));
    }

    /**
     * "A lone writer never waits": the only announced writer leads its own flush at once. Of 2,000 durable changes,
     * each with an empty flush, at most a few take as long as the least gathering wait (0.2 ms: a thread kept off
     * the CPU); a leader that waited for itself would take that long every time.
     */
    @Test
    void aLoneWriter_neverWaitsForOthers() throws IOException {
        GroupCommit lone = new GroupCommit(() -> 1, new Telemetry(), FlushKind.FILE, "s/log.jsonl");
        int slow = 0;
        for (int i = 0; i < 2_000; i++) {
            long start = System.nanoTime();
            lone.await(lone.register(), () -> {
            });
            slow += System.nanoTime() - start >= 200_000 ? 1 : 0;
        }
        assertThat(slow).as("changes of a lone writer whose flush waited 0.2 ms or more, of 2,000").isLessThan(1_000);
    }

    @Test
    void aFailedFlush_isFinal_forEveryLaterWaiter_andReported() throws IOException {
        IOException eio = new IOException("injected: EIO");
        assertThatThrownBy(() -> group.await(group.register(), () -> {
            throw eio;
        })).isSameAs(eio);
        assertThat(group.failed()).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> group.await(group.register(), () -> ran.set(true))).isSameAs(eio);
        assertThat(ran).as("no flush after a failed one: the device may have dropped the data").isFalse();
        assertThat(reported).containsExactly(new Reported(FlushKind.FILE, "s/log.jsonl", 1, true));
    }

    @Test
    void aFlushThrowingARuntimeException_failsAsAnIOExceptionCarryingIt() {
        IllegalStateException bug = new IllegalStateException("channel in a bad state");
        assertThatThrownBy(() -> group.await(group.register(), () -> {
            throw bug;
        })).isInstanceOf(IOException.class).hasCause(bug).hasMessageContaining("channel in a bad state");
        assertThat(group.failed()).isTrue();
    }

    /** An Error out of the flush reaches its caller as itself, and the changes it was to cover are never durable. */
    @Test
    void aFlushThrowingAnError_propagatesIt_andNoLaterWaiterTakesItsChangesAsDurable() {
        AssertionError broken = new AssertionError("flush blew up");
        long first = group.register();
        assertThatThrownBy(() -> group.await(first, () -> {
            throw broken;
        })).isSameAs(broken);
        assertThat(group.failed()).isTrue();
        assertThatThrownBy(() -> group.await(first, () -> { }))
                .isInstanceOf(IOException.class).hasCause(broken);
    }

    @Test
    void aWaiterInterruptedWhileAnotherFlushes_failsAsInterrupted_andKeepsTheFlag() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread leader = new Thread(() -> {
            try {
                group.await(group.register(), () -> {
                    flushing.countDown();
                    awaitInFlush(release);
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        leader.start();
        try {
            assertThat(flushing.await(30, TimeUnit.SECONDS)).isTrue();
            long mine = group.register();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> group.await(mine, () -> {
            })).isInstanceOf(InterruptedIOException.class).hasMessageContaining("shared flush");
            assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
        } finally {
            release.countDown();
            leader.join(30_000);
        }
        assertThat(group.failed()).isFalse();
    }

    /**
     * A leader interrupted while it gathers announced writers fails as interrupted without flushing, and leaves the
     * group to the next writer: its flush runs and covers the change the interrupted one registered. (The gathering
     * leader used to keep the group marked as flushing, so every later caller waited for good.)
     */
    @Test
    void aLeaderInterruptedWhileGathering_failsAsInterrupted_andTheNextWriterFlushes() throws Exception {
        GroupCommit announcing = new GroupCommit(() -> 2, new Telemetry(), FlushKind.FILE, "s/log.jsonl");
        AtomicInteger flushes = new AtomicInteger();
        long interrupted = announcing.register();
        Thread.currentThread().interrupt(); // the gathering wait sees it at once
        assertThatThrownBy(() -> announcing.await(interrupted, flushes::incrementAndGet))
                .isInstanceOf(InterruptedIOException.class).hasMessageContaining("gathering");
        assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
        assertThat(flushes).as("no flush ran for the interrupted leader").hasValue(0);

        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> {
            try {
                announcing.await(announcing.register(), flushes::incrementAndGet);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        next.get(30, TimeUnit.SECONDS);
        assertThat(flushes).hasValue(1);
        announcing.await(interrupted, () -> {
            throw new AssertionError("covered by the next writer's flush: no flush needed");
        });
    }

    /** Starts {@code body} on a thread of its own and waits until it parks on {@code group} (a waiter of a flush). */
    private static Thread parkedOn(GroupCommit group, String name, ThrowingRunnable body, List<Throwable> failures)
            throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (LockSupport.getBlocker(t) != group) {
            assertThat(t.isAlive()).as("%s is still waiting", name).isTrue();
            assertThat(System.nanoTime()).as("%s parked within 30 s", name).isLessThan(deadline);
            Thread.sleep(1);
        }
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Starts a leader of {@link #group} whose flush signals {@code flushing}, is held until {@code release}, then ends
     * as {@code then} does; what the leader's {@code await} throws goes to {@code failures}.
     */
    private Thread leaderHeldInFlush(CountDownLatch flushing, CountDownLatch release, GroupCommit.Flush then,
                                     List<Throwable> failures) {
        Thread leader = new Thread(() -> {
            try {
                group.await(group.register(), () -> {
                    flushing.countDown();
                    awaitInFlush(release);
                    then.run();
                });
            } catch (IOException e) {
                failures.add(e);
            }
        }, "leader");
        leader.start();
        return leader;
    }

    /**
     * When a flush ends, the waiter it covered returns at once — it does not wait for the next flush, which a waiter
     * registered during the first one leads. Held still: the first flush (so both wait on it, the uncovered one
     * queued first), then the second (the covered one must have returned before it is released).
     */
    @Test
    void aCoveredWaiter_returnsWhenItsFlushEnds_notAfterTheNextOne() throws Exception {
        CountDownLatch firstFlushing = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch secondFlushing = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        long leaders = group.register();
        long covered = group.register(); // registered before the first flush starts: covered by it
        long covered2 = group.register();
        Thread leader = new Thread(() -> {
            try {
                group.await(leaders, () -> {
                    firstFlushing.countDown();
                    awaitInFlush(releaseFirst);
                });
            } catch (IOException e) {
                failures.add(e);
            }
        });
        leader.start();
        try {
            assertThat(firstFlushing.await(30, TimeUnit.SECONDS)).isTrue();
            long late = group.register(); // during the first flush: the next one covers it
            Thread lateWaiter = parkedOn(group, "late", () -> group.await(late, () -> {
                secondFlushing.countDown();
                awaitInFlush(releaseSecond);
            }), failures);
            Thread coveredWaiter = parkedOn(group, "covered", () -> group.await(covered, () -> {
                throw new AssertionError("a covered waiter ran a flush");
            }), failures);
            Thread coveredWaiter2 = parkedOn(group, "covered2", () -> group.await(covered2, () -> {
                throw new AssertionError("a covered waiter ran a flush");
            }), failures);
            releaseFirst.countDown();
            assertThat(secondFlushing.await(30, TimeUnit.SECONDS)).as("the late waiter leads the next flush").isTrue();
            coveredWaiter.join(30_000);
            coveredWaiter2.join(30_000);
            assertThat(coveredWaiter.isAlive() || coveredWaiter2.isAlive())
                    .as("a covered waiter still waits while the next flush runs").isFalse();
            releaseSecond.countDown();
            lateWaiter.join(30_000);
            assertThat(failures).isEmpty();
        } finally {
            releaseFirst.countDown();
            releaseSecond.countDown();
            leader.join(30_000);
        }
    }

    /**
     * A failed flush wakes every waiter, covered or not, and each fails with it — none is left parked waiting for a
     * leader that will never come (two waiters registered during the flush, so neither is covered).
     */
    @Test
    void aFailedFlush_failsEveryParkedWaiter_coveredOrNot() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        IOException broken = new IOException("injected: the device dropped the data");
        Thread leader = leaderHeldInFlush(flushing, release, () -> {
            throw broken;
        }, failures);
        try {
            assertThat(flushing.await(30, TimeUnit.SECONDS)).isTrue();
            long first = group.register();
            long second = group.register();
            Thread a = parkedOn(group, "a", () -> group.await(first, () -> { }), failures);
            Thread b = parkedOn(group, "b", () -> group.await(second, () -> { }), failures);
            release.countDown();
            a.join(30_000);
            b.join(30_000);
            assertThat(a.isAlive() || b.isAlive()).as("a waiter still parked after the failed flush").isFalse();
            leader.join(30_000);
            assertThat(failures).hasSize(3).allSatisfy(e -> assertThat(e).isSameAs(broken));
        } finally {
            release.countDown();
            leader.join(30_000);
        }
    }

    /**
     * A leader interrupted while it gathers, with a waiter already parked behind it: the waiter is woken to lead the
     * flush instead (the interrupted leader ran none), and that flush covers both changes. The waiter is started and
     * parked from inside the leader's gathering window ({@link GroupCommit#onGathering}), then the leader interrupted.
     */
    @Test
    void aLeaderInterruptedWhileGathering_handsTheFlushToAParkedWaiter() throws Exception {
        GroupCommit announcing = new GroupCommit(() -> 3, new Telemetry(), FlushKind.FILE, "s/log.jsonl");
        AtomicInteger flushes = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        long waiters = announcing.register();
        long leaders = announcing.register();
        Thread[] waiter = new Thread[1];
        announcing.onGathering(() -> {
            announcing.onGathering(null);
            try {
                waiter[0] = parkedOn(announcing, "waiter", () -> announcing.await(waiters, flushes::incrementAndGet),
                        failures);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Thread.currentThread().interrupt(); // the gathering sees it next
        });
        assertThatThrownBy(() -> announcing.await(leaders, flushes::incrementAndGet))
                .isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
        waiter[0].join(30_000);
        assertThat(waiter[0].isAlive()).as("the parked waiter was woken to lead").isFalse();
        assertThat(failures).isEmpty();
        assertThat(flushes).as("one flush, by the waiter").hasValue(1);
        announcing.await(leaders, () -> {
            throw new AssertionError("covered by the waiter's flush");
        });
    }

    /**
     * A waiter woken to lead the next flush but interrupted before it takes the lead fails as interrupted — and wakes
     * another waiter to lead instead (no flush runs then, and only a flush's end wakes a waiter, so the others would
     * wait for good). Two waiters are parked behind a held flush, registered during it (neither is covered); when it
     * ends it wakes the first to lead, which is interrupted right then ({@link GroupCommit#onWoken}): the second
     * leads the next flush, covering its own change.
     */
    @Test
    void aWaiterWokenToLeadButInterrupted_wakesAnotherToLead() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean firstFlushOver = new AtomicBoolean();
        AtomicInteger laterFlushes = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread leader = leaderHeldInFlush(flushing, release, () -> firstFlushOver.set(true), failures);
        try {
            assertThat(flushing.await(30, TimeUnit.SECONDS)).isTrue();
            long firsts = group.register();
            long seconds = group.register();
            Thread first = parkedOn(group, "first", () -> group.await(firsts, laterFlushes::incrementAndGet), failures);
            Thread second = parkedOn(group, "second", () -> group.await(seconds, laterFlushes::incrementAndGet),
                    failures);
            group.onWoken(() -> {
                if (Thread.currentThread() == first && firstFlushOver.get()) {
                    group.onWoken(null);
                    Thread.currentThread().interrupt(); // woken by the flush's end: an interrupt lands right then
                }
            });
            release.countDown();
            first.join(30_000);
            second.join(30_000);
            assertThat(second.isAlive()).as("the second waiter still parked, with no flush running").isFalse();
            assertThat(first.isAlive()).isFalse();
            assertThat(failures).singleElement().isInstanceOf(InterruptedIOException.class);
            assertThat(laterFlushes).as("the next flush, led by the second waiter").hasValue(1);
        } finally {
            group.onWoken(null);
            release.countDown();
            leader.join(30_000);
        }
    }

    /**
     * A leader whose step before its flush ({@link GroupCommit.Flush#beforeFlush}: writing the batches handed over to
     * it) throws: no flush ran, so the leader fails with that error, and another waiter is woken to lead the next
     * flush (else it would wait for good). Two waiters are parked behind a held flush; the first, woken to lead,
     * fails in its step before the flush; the second leads, its own flush covering its change; the group is idle.
     */
    @Test
    void aLeaderFailingBeforeItsFlush_throws_andWakesAnotherToLead() throws Exception {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger laterFlushes = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread leader = leaderHeldInFlush(flushing, release, () -> { }, failures);
        try {
            assertThat(flushing.await(30, TimeUnit.SECONDS)).isTrue();
            long firsts = group.register();
            long seconds = group.register();
            IllegalStateException broken = new IllegalStateException("the hand-over write broke");
            GroupCommit.Flush failingBefore = new GroupCommit.Flush() {
                @Override
                public void run() {
                    laterFlushes.incrementAndGet();
                }

                @Override
                public void beforeFlush() {
                    throw broken;
                }
            };
            Thread first = parkedOn(group, "first", () -> group.await(firsts, failingBefore), failures);
            Thread second = parkedOn(group, "second", () -> group.await(seconds, laterFlushes::incrementAndGet),
                    failures);
            release.countDown();
            first.join(30_000);
            second.join(30_000);
            assertThat(second.isAlive()).as("the second waiter still parked, with no flush running").isFalse();
            assertThat(first.isAlive()).isFalse();
            assertThat(failures).containsExactly(broken);
            assertThat(laterFlushes).as("the next flush, led by the second waiter").hasValue(1);
            assertThat(group.idle()).as("no waiter left behind").isTrue();
        } finally {
            release.countDown();
            leader.join(30_000);
        }
    }

    /**
     * The same failure for a leader that led at once, never parked (a first comer: nothing of it is queued, so its own
     * leaving wakes no one): a waiter that parked while it prepared its flush must still be woken to lead.
     */
    @Test
    void aFirstComerLeaderFailingBeforeItsFlush_wakesTheWaiterThatParkedMeanwhile() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        IllegalStateException broken = new IllegalStateException("the hand-over write broke");
        Thread[] second = new Thread[1];
        GroupCommit.Flush failingBefore = new GroupCommit.Flush() {
            @Override
            public void run() {
                flushes.incrementAndGet();
            }

            @Override
            public void beforeFlush() {
                long seconds = group.register();
                try {
                    second[0] = parkedOn(group, "second", () -> group.await(seconds, flushes::incrementAndGet),
                            failures);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                throw broken;
            }
        };
        long firsts = group.register();
        assertThatThrownBy(() -> group.await(firsts, failingBefore)).isSameAs(broken);
        second[0].join(30_000);
        assertThat(second[0].isAlive()).as("the second waiter still parked, with no flush running").isFalse();
        assertThat(failures).isEmpty();
        assertThat(flushes).as("the flush led by the second waiter").hasValue(1);
        assertThat(group.idle()).as("no waiter left behind").isTrue();
    }

    /** A thread parked outside the group (as an appender waiting for its write is), until something wakes it. */
    private static Thread parkedElsewhere(CountDownLatch woken) {
        Thread t = new Thread(() -> {
            LockSupport.park();
            woken.countDown();
        }, "parked-elsewhere");
        t.start();
        return t;
    }

    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("%s parked within 30 s", t.getName()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /**
     * A thread enrolled for a change is woken by the flush that covers it, and its own wait then returns without a
     * flush: the writer that wrote another thread's change enrolls it, so it sleeps once, until the flush.
     */
    @Test
    void anEnrolledThread_isWokenByTheFlushCoveringIt_andWaitsForNoOther() throws Exception {
        CountDownLatch woken = new CountDownLatch(1);
        Thread other = parkedElsewhere(woken);
        awaitParked(other);
        long change = group.register();
        GroupCommit.Waiter enrolled = group.enroll(other, change);
        group.wakeIfCovered(enrolled);
        assertThat(woken.await(50, TimeUnit.MILLISECONDS)).as("woken before any flush").isFalse();
        assertThat(group.idle()).as("a thread enrolled and not yet covered").isFalse();
        AtomicInteger flushes = new AtomicInteger();
        group.await(group.register(), flushes::incrementAndGet);
        assertThat(woken.await(30, TimeUnit.SECONDS)).as("woken by the flush that covered its change").isTrue();
        group.await(change, () -> {
            throw new AssertionError("covered by the flush that woke it");
        }, enrolled);
        assertThat(flushes).hasValue(1);
        assertThat(group.idle()).as("no waiter left once the enrolled thread's wait returned").isTrue();
        other.join(30_000);
    }

    /**
     * A thread enrolled after the flush covering its change ended (that flush's wake-ups went to the waiters it
     * saw) is woken by {@code wakeIfCovered}; without it the thread would sleep on.
     */
    @Test
    void aThreadEnrolledAfterItsFlushEnded_isWokenByWakeIfCovered() throws Exception {
        long change = group.register();
        group.await(change, () -> {
        });
        CountDownLatch woken = new CountDownLatch(1);
        Thread other = parkedElsewhere(woken);
        awaitParked(other);
        GroupCommit.Waiter enrolled = group.enroll(other, change);
        group.wakeIfCovered(enrolled);
        assertThat(woken.await(30, TimeUnit.SECONDS)).as("woken at once: already covered").isTrue();
        group.await(change, () -> {
            throw new AssertionError("already covered");
        }, enrolled);
        other.join(30_000);
    }

    /**
     * A gathering leader counts an enrolled thread as arrived (it was written; waiting for it would only delay the
     * flush), and no longer once it {@code leave}s: with two writers announced, a leader with one enrolled thread
     * flushes without gathering; after that thread leaves, the next leader gathers, and nothing is left of it.
     */
    @Test
    void aLeaderCountsAnEnrolledThreadAsArrived_untilItLeaves() throws Exception {
        GroupCommit announcing = new GroupCommit(() -> 2, new Telemetry(), FlushKind.FILE, "s/log.jsonl");
        AtomicInteger gatherings = new AtomicInteger();
        announcing.onGathering(gatherings::incrementAndGet);
        CountDownLatch woken = new CountDownLatch(1);
        Thread other = parkedElsewhere(woken);
        awaitParked(other);
        GroupCommit.Waiter enrolled = announcing.enroll(other, announcing.register());
        announcing.await(announcing.register(), () -> {
        });
        assertThat(gatherings).as("gatherings with the enrolled thread counted").hasValue(0);
        announcing.leave(enrolled);
        announcing.await(announcing.register(), () -> {
        });
        assertThat(gatherings).as("gatherings once it left").hasValue(1);
        assertThat(announcing.idle()).as("nothing left of the enrolled thread once it left").isTrue();
        LockSupport.unpark(other);
        other.join(30_000);
    }
}
