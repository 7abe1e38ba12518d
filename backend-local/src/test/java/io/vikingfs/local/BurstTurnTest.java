package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.ForwardingDisk;
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

import static io.vikingfs.local.BurstLocks.COOLDOWN_NANOS;
import static io.vikingfs.local.BurstLocks.MAX_HOLD_NANOS;
import static io.vikingfs.local.BurstLocks.WAITER_PROBE_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a log's hold on the real disk gives another process its turn ({@link LogHandle#turnDue}), on a clock the test
 * sets: a hold younger than {@link BurstLocks#MAX_HOLD_NANOS} never asks whether a process waits (asking is two
 * system calls); from that age it asks, then again only every {@link BurstLocks#WAITER_PROBE_NANOS}; a waiter seen
 * makes the turn due. So a lone process pays one question per millisecond, and a waiting one gets the lock within
 * the hold plus one probe interval. And the append that gives the turn waits {@link BurstLocks#COOLDOWN_NANOS} before
 * it takes the lock again, so that the waiter gets it first.
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

    /**
     * {@link BurstLocks}: a lock held long while another process waits "is released by the next append, which then
     * waits {@link BurstLocks#COOLDOWN_NANOS} before taking it again, so that the waiter gets it first". On the real
     * disk, a log whose lock always has a waiter (a {@link DiskLock#waitedFor()} answering yes, as an announced
     * process would make it) is appended to without pause; at each turn the time from the release (the close of the
     * lock that was asked) to the appender's next {@code lock()} is measured: at least the cool-down, three turns
     * out of three. Without it the appender takes the lock again within microseconds, before a waiter woken by the
     * release has been scheduled — whether it still wins then is up to the kernel's scheduler. (The burst runs on a
     * thread of its own: an unpark left pending for a reused thread would end the cool-down's park at once.)
     */
    @Test
    void anAppendThatGivesAWaiterItsTurn_waitsTheCooldownBeforeTakingTheLockAgain() throws Exception {
        Thread[] appender = new Thread[1];
        AtomicLong releasedAt = new AtomicLong();
        List<Long> gaps = new CopyOnWriteArrayList<>();
        UnaryOperator<Disk> alwaysWaitedFor = d -> new ForwardingDisk(d) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                if (!file.path().getFileName().toString().equals("log.jsonl")) {
                    return file;
                }
                return new ForwardingDiskFile(file) {
                    @Override
                    public DiskLock lock() throws IOException {
                        long released = releasedAt.getAndSet(0);
                        if (released != 0 && Thread.currentThread() == appender[0]) {
                            gaps.add(System.nanoTime() - released);
                        }
                        DiskLock held = super.lock();
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
                    }
                };
            }
        };
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
            assertThat(gaps).as("from a turn's release to the appender taking the lock again (ns)")
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(COOLDOWN_NANOS));
            assertThat(fs.readRecords(log).isClean()).isTrue();
        }
    }
}
