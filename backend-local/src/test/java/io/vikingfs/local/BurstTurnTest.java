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

import static io.vikingfs.local.BurstLocks.MAX_HOLD_NANOS;
import static io.vikingfs.local.BurstLocks.WAITER_PROBE_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a log's hold on the real disk gives another process its turn ({@link LogHandle#turnDue}), on a clock the test
 * sets: a hold younger than {@link BurstLocks#MAX_HOLD_NANOS} never asks whether a process waits (asking is two
 * system calls); from that age it asks, then again only every {@link BurstLocks#WAITER_PROBE_NANOS}; a waiter seen
 * makes the turn due. So a lone process pays one question per millisecond, and a waiting one gets the lock within
 * the hold plus one probe interval.
 */
class BurstTurnTest {
    @TempDir
    Path tmp;

    @Test
    void aHoldAsksForWaitersOnlyFromTheMaximumHold_thenOncePerProbeInterval_andGivesATurnToOne() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        AtomicBoolean waiting = new AtomicBoolean();
        Path path = tmp.resolve("log.jsonl");
        ReentrantLock lock = new ReentrantLock();
        lock.lock(); // the log's JVM-wide lock, as every user of the hold has it (and the idle scanner cannot take it)
        try (DiskFile real = new NioDisk(tmp).createNew(path);
             DiskFile file = new ForwardingDiskFile(real) {
                 @Override
                 public DiskLock lock() throws IOException {
                     DiskLock held = super.lock();
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
                     };
                 }
             }) {
            LogHandle h = new LogHandle(file, null, lock, new AtomicInteger(), new Telemetry(), path);
            long t0 = System.nanoTime();
            h.acquire(t0);
            try {
                assertThat(h.turnDue(t0 + MAX_HOLD_NANOS - 1)).isFalse();
                assertThat(asked).as("a hold younger than the maximum never asks").hasValue(0);
                assertThat(h.turnDue(t0 + MAX_HOLD_NANOS)).isFalse();
                assertThat(asked).as("at the maximum hold it asks; nobody waits").hasValue(1);
                assertThat(h.turnDue(t0 + MAX_HOLD_NANOS + WAITER_PROBE_NANOS - 1)).isFalse();
                assertThat(asked).as("not again within the probe interval").hasValue(1);
                assertThat(h.turnDue(t0 + MAX_HOLD_NANOS + WAITER_PROBE_NANOS)).isFalse();
                assertThat(asked).as("again once the interval is up").hasValue(2);
                waiting.set(true);
                assertThat(h.turnDue(t0 + MAX_HOLD_NANOS + 2 * WAITER_PROBE_NANOS)).as("a waiter: its turn").isTrue();
                assertThat(asked).hasValue(3);
            } finally {
                h.release();
            }
        } finally {
            lock.unlock();
        }
    }
}
