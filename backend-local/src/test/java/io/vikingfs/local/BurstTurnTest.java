package io.vikingfs.local;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.ForwardingDiskFile;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static io.vikingfs.local.BurstLocks.CONTENDED_NANOS;
import static io.vikingfs.local.BurstLocks.HANDOVER_COOLDOWN_NANOS;
import static io.vikingfs.local.BurstLocks.MAX_HOLD_NANOS;
import static io.vikingfs.local.BurstLocks.WAITER_PROBE_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a log's hold on the real disk gives another process its turn ({@link LogHandle#turnDue}), on a clock the test
 * sets: a hold younger than {@link BurstLocks#MAX_HOLD_NANOS} never asks whether a process waits (asking is two
 * system calls); from that age it asks, then again only every {@link BurstLocks#WAITER_PROBE_NANOS}; a waiter seen
 * makes the turn due. So a lone process pays one question per millisecond, and a waiting one gets the lock within
 * the hold plus one probe interval. Once the lock is contended, each write asks, and gives it up to a waiter.
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
}
