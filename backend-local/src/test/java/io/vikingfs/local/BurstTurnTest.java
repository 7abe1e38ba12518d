package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.ForwardingDiskFile;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import static io.vikingfs.local.BurstLocks.CONTENDED_NANOS;
import static io.vikingfs.local.BurstLocks.COOLDOWN_NANOS;
import static io.vikingfs.local.BurstLocks.HANDOVER_COOLDOWN_NANOS;
import static io.vikingfs.local.BurstLocks.MAX_HOLD_NANOS;
import static io.vikingfs.local.BurstLocks.WAITER_PROBE_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a log's hold on the real disk gives another process its turn ({@link LogHandle#turnDue}), on a clock the test
 * sets: a hold younger than {@link BurstLocks#MAX_HOLD_NANOS} never asks whether a process waits (asking is two
 * system calls); from that age it asks, then again only every {@link BurstLocks#WAITER_PROBE_NANOS}; a waiter seen
 * makes the turn due. So a lone process pays one question per millisecond, and a waiting one gets the lock within
 * the hold plus one probe interval. And the append that gives the turn waits {@link BurstLocks#COOLDOWN_NANOS} before
 * it takes the lock again, so that the waiter gets it first. Once the lock is contended, each write asks, and gives
 * it up to a waiter for at least {@link BurstLocks#HANDOVER_COOLDOWN_NANOS}.
 */
class BurstTurnTest {
    @TempDir
    Path tmp;

    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicBoolean waiting = new AtomicBoolean();
    /** Whether taking the lock "had to wait" for another process. */
    private final AtomicBoolean contended = new AtomicBoolean();

    /** Runs {@code check} on a handle of a real file whose lock answers from the fields above, then releases it. */
    private void withHandle(HandleCheck check) throws IOException {
        Path path = tmp.resolve("log.jsonl");
        ReentrantLock lock = new ReentrantLock();
        lock.lock(); // the log's JVM-wide lock, as every user of the hold has it (and the idle scanner cannot take it)
        try (DiskFile real = new NioDisk(tmp).createNew(path);
             DiskFile file = new ForwardingDiskFile(real) {
                 @Override
                 public DiskLock lock() throws IOException {
                     DiskLock held = super.lock();
                     boolean hadToWait = contended.get();
                     return new DiskLock() {
                         @Override
                         public void close() throws IOException {
                             held.close();
                         }

                         @Override
                         public boolean waitedFor() {
                             asked.incrementAndGet();
                             return waiting.get();
                         }

                         @Override
                         public boolean contended() {
                             return hadToWait;
                         }
                     };
                 }
             }) {
            LogHandle h = new LogHandle(file, null, lock, new AtomicInteger(), new Telemetry(), path);
            try {
                check.run(h);
            } finally {
                h.release();
            }
        } finally {
            lock.unlock();
        }
    }

    private interface HandleCheck {
        void run(LogHandle h) throws IOException;
    }

    @Test
    void aHoldAsksForWaitersOnlyFromTheMaximumHold_thenOncePerProbeInterval_andGivesATurnToOne() throws IOException {
        withHandle(h -> {
            long t0 = System.nanoTime();
            h.acquire(t0);
            assertThat(h.turnDue(t0 + MAX_HOLD_NANOS - 1)).isFalse();
            assertThat(asked).as("a hold younger than the maximum never asks").hasValue(0);
            assertThat(h.releaseAfterWrite(t0 + 1)).isFalse();
            assertThat(asked).as("nor after a write: no contention seen").hasValue(0);
            assertThat(h.handOverLeft(t0 + 1)).as("never handed over: no wait").isLessThanOrEqualTo(0);
            assertThat(h.turnDue(t0 + MAX_HOLD_NANOS)).isFalse();
            assertThat(asked).as("at the maximum hold it asks; nobody waits").hasValue(1);
            assertThat(h.turnDue(t0 + MAX_HOLD_NANOS + WAITER_PROBE_NANOS - 1)).isFalse();
            assertThat(asked).as("not again within the probe interval").hasValue(1);
            assertThat(h.turnDue(t0 + MAX_HOLD_NANOS + WAITER_PROBE_NANOS)).isFalse();
            assertThat(asked).as("again once the interval is up").hasValue(2);
            waiting.set(true);
            long turn = t0 + MAX_HOLD_NANOS + 2 * WAITER_PROBE_NANOS;
            assertThat(h.turnDue(turn)).as("a waiter: its turn").isTrue();
            assertThat(asked).hasValue(3);
            assertThat(h.releaseAfterWrite(turn + CONTENDED_NANOS - 1))
                    .as("contended since the waiter was seen: given up after each write a process waits for").isTrue();
            assertThat(asked).hasValue(4);
        });
    }

    /**
     * A lock that had to be waited for is shared with a process that writes too: from then on, for
     * {@link BurstLocks#CONTENDED_NANOS} after the last sign of it, each write asks whether that process waits and, if
     * so, gives the lock up at once — so the two write in turn and each one's flush overlaps the other's write,
     * instead of one process waiting out the other's whole burst.
     */
    @Test
    void aLockThatHadToBeWaitedFor_isGivenUpAfterEachWriteAProcessWaitsFor_untilContentionEnds() throws IOException {
        contended.set(true);
        withHandle(h -> {
            long t0 = System.nanoTime();
            h.acquire(t0);
            assertThat(h.releaseAfterWrite(t0 + 1)).as("nobody waits now").isFalse();
            assertThat(asked).as("asked after the write").hasValue(1);
            waiting.set(true);
            assertThat(h.releaseAfterWrite(t0 + 2)).as("a process waits: released before the flush").isTrue();
            assertThat(h.handOverLeft(t0 + 3)).as("the lock is not taken again before the waiter had its chance")
                    .isEqualTo(HANDOVER_COOLDOWN_NANOS - 1);
            assertThat(h.handOverLeft(t0 + 2 + HANDOVER_COOLDOWN_NANOS)).as("then it is").isLessThanOrEqualTo(0);
            assertThat(h.releaseAfterWrite(t0 + 2 + CONTENDED_NANOS - 1)).as("the wait seen renews contention").isTrue();
            int before = asked.get();
            assertThat(h.releaseAfterWrite(t0 + 2 + 2 * CONTENDED_NANOS)).as("contention over: held for a burst")
                    .isFalse();
            assertThat(asked).as("without asking").hasValue(before);
        });
    }

    /**
     * {@link BurstLocks}: a lock held long while another process waits "is released by the next append, which then
     * waits {@link BurstLocks#COOLDOWN_NANOS} before taking it again, so that the waiter gets it first". On the real
     * disk, a log whose lock always has a waiter (a {@link DiskLock#waitedFor()} answering yes, as an announced
     * process would make it) is appended to without pause; at each turn the time from the release (the close of the
     * lock that was asked) to the appender's next {@code lock()} is measured: at least the cool-down at the first turn
     * (given after the burst's maximum hold); the lock is contended from then on, so each later write hands it over
     * and waits at least {@link BurstLocks#HANDOVER_COOLDOWN_NANOS} before the next {@code lock()}. Without them the
     * appender takes the lock again within microseconds, before a waiter woken by the release has been scheduled —
     * whether it still wins then is up to the kernel's scheduler. (The burst runs on a thread of its own: an unpark
     * left pending for a reused thread would end the cool-down's park at once.)
     */
    @Test
    void anAppendThatGivesAWaiterItsTurn_waitsTheCooldownBeforeTakingTheLockAgain() throws Exception {
        Thread[] appender = new Thread[1];
        AtomicLong releasedAt = new AtomicLong();
        List<Long> gaps = new CopyOnWriteArrayList<>();
        UnaryOperator<Disk> alwaysWaitedFor = LockHook.on("log.jsonl"::equals, real -> {
            long released = releasedAt.getAndSet(0);
            if (released != 0 && Thread.currentThread() == appender[0]) {
                gaps.add(System.nanoTime() - released);
            }
            DiskLock held = real.take();
            return new DiskLock() {
                private boolean turnGiven;

                @Override
                public void close() throws IOException {
                    held.close();
                    if (turnGiven) {
                        releasedAt.set(System.nanoTime());
                    }
                }

                @Override
                public boolean waitedFor() {
                    turnGiven = true; // asked by the holder, under the log's lock: it releases at once
                    return true;
                }
            };
        });
        try (Stores stores = Stores.on("disk", tmp, alwaysWaitedFor); LocalVikingFs fs = stores.open()) {
            VPath log = VPath.of("turns/log.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            CompletableFuture<Void> burst = new CompletableFuture<>();
            appender[0] = new Thread(() -> {
                try {
                    for (int i = 0; gaps.size() < 3 && System.nanoTime() < deadline; i++) {
                        fs.append(log, "{\"i\":" + i + "}", false);
                    }
                    burst.complete(null);
                } catch (Throwable e) {
                    burst.completeExceptionally(e);
                }
            }, "burst");
            appender[0].start();
            burst.get(60, TimeUnit.SECONDS);
            assertThat(gaps).as("turns given in the burst").hasSize(3);
            assertThat(gaps.get(0)).as("from the burst's turn to the appender taking the lock again (ns)")
                    .isGreaterThanOrEqualTo(COOLDOWN_NANOS);
            assertThat(gaps.subList(1, 3)).as("contended since: from each write's hand-over to the next lock() (ns)")
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(HANDOVER_COOLDOWN_NANOS));
            assertThat(fs.readRecords(log).isClean()).isTrue();
        }
    }
}
