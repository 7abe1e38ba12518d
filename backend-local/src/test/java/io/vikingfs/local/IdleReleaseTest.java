package io.vikingfs.local;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idle release's decision, without the scanner's timing: {@link BurstLocks#releaseIdle} releases a shared hold
 * last used {@link BurstLocks#IDLE_NANOS} or more ago and keeps one used since — and a log's hold counts as used at
 * its last append, or now while a durable appender waits for its flush ({@link LogHandle#lastUse()}). A hold released
 * while still in use would cost a burst a lock call per scan; one never released would keep another process out.
 */
class IdleReleaseTest {
    @TempDir
    Path tmp;

    /** A registered hold whose last use the test sets. */
    private static final class FakeHold implements BurstLocks.Hold {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean released = new AtomicBoolean();
        volatile boolean usedNow;
        volatile long lastUse;

        @Override
        public long lastUse() {
            return usedNow ? System.nanoTime() : lastUse;
        }

        @Override
        public void release() {
            released.set(true);
            BurstLocks.released(lock, this);
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }

    /**
     * Exactly {@link BurstLocks#IDLE_NANOS} unused is idle. The test thread holds both logs' locks meanwhile, so that
     * the JVM's release thread (which runs meanwhile, with its own clock) cannot decide for it — its {@code tryLock}
     * fails — while the test's own call takes them again (they are reentrant).
     */
    @Test
    void aHoldUnusedForTheIdleTime_isReleased_andOneUsedSince_isKept() {
        FakeHold idle = new FakeHold();
        FakeHold busy = new FakeHold();
        busy.usedNow = true;
        long now = System.nanoTime();
        idle.lastUse = now - BurstLocks.IDLE_NANOS;
        idle.lock.lock();
        busy.lock.lock();
        BurstLocks.held(idle.lock, idle);
        BurstLocks.held(busy.lock, busy);
        try {
            BurstLocks.releaseIdle(now);
            assertThat(idle.released).as("unused for the idle time").isTrue();
            assertThat(BurstLocks.isHeld(idle.lock, idle)).as("a released hold is no longer registered").isFalse();
            assertThat(busy.released).as("in use").isFalse();
            assertThat(BurstLocks.isHeld(busy.lock, busy)).isTrue();
        } finally {
            BurstLocks.released(idle.lock, idle);
            BurstLocks.released(busy.lock, busy);
            busy.lock.unlock();
            idle.lock.unlock();
        }
    }

    @Test
    void aLogsHold_wasLastUsedAtItsLastCheck_orIsInUseWhileADurableAppenderWaits() throws IOException {
        AtomicInteger appenders = new AtomicInteger();
        try (DiskFile f = new NioDisk(tmp).createNew(tmp.resolve("log.jsonl"))) {
            LogHandle h = new LogHandle(f, null, new ReentrantLock(), appenders, new Telemetry(), tmp.resolve("log.jsonl"));
            long checkedAt = System.nanoTime() - 5 * BurstLocks.IDLE_NANOS;
            h.checked(0, checkedAt);
            assertThat(h.lastUse()).as("no appender inside: the last check").isEqualTo(checkedAt);
            appenders.incrementAndGet();
            long before = System.nanoTime();
            assertThat(h.lastUse()).as("a durable appender waits for its flush: in use now")
                    .isGreaterThanOrEqualTo(before);
        }
    }

    /**
     * The release thread itself, started anew (a thread started once per JVM keeps the code it started with): it is a
     * daemon (it never keeps the JVM alive), it releases a hold left idle within its promised bound (3 ms; 5 s allowed
     * for a loaded machine), it sleeps between scans while a hold is in use and while none is held (its CPU time
     * over 300 ms stays under half of that — a loop without its sleeps would take all of it), and it stops when
     * interrupted, waiting for a hold or scanning, leaving no release thread behind (one per JVM); the next shared
     * hold then starts a new one.
     */
    @Test
    void theReleaseThread_startedAnew_isADaemon_releasesAnIdleHold_andSleepsBetweenScans() throws Exception {
        Thread old = BurstLocks.stopScanner();
        if (old != null) {
            old.join(10_000);
            assertThat(old.isAlive()).as("the release thread stopped when interrupted").isFalse();
        }
        // (compared with the release threads alive now, none unless a changed copy of the class left some)
        Set<Thread> before = releaseThreads();
        FakeHold busy = new FakeHold();
        busy.usedNow = true;
        FakeHold idle = new FakeHold();
        idle.lastUse = System.nanoTime() - BurstLocks.IDLE_NANOS;
        BurstLocks.held(busy.lock, busy); // starts a new release thread
        try {
            Set<Thread> started = startedSince(before);
            assertThat(started).as("one release thread runs once a shared hold exists").hasSize(1);
            Thread scanner = started.iterator().next();
            assertThat(scanner.isDaemon()).isTrue();
            BurstLocks.held(idle.lock, idle);
            assertThat(startedSince(before)).as("one per JVM: another shared hold starts no other")
                    .containsExactly(scanner);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!idle.released.get()) {
                assertThat(System.nanoTime()).as("the idle hold released within 5 s").isLessThan(deadline);
                Thread.sleep(1);
            }
            assertThat(busy.released).as("the hold in use is kept").isFalse();
            assertThat(cpuMillisOver(scanner, 300)).as("CPU (ms) of the release thread over 300 ms, a hold in use")
                    .isLessThan(150);
            BurstLocks.released(busy.lock, busy);
            assertThat(cpuMillisOver(scanner, 300)).as("CPU (ms) of the release thread over 300 ms, nothing held")
                    .isLessThan(150);
            stop(scanner, "while nothing is held (it waits for a hold)");

            // stopped, the next shared hold starts another, which stops likewise while a hold is in use
            FakeHold again = new FakeHold();
            again.usedNow = true;
            BurstLocks.held(again.lock, again);
            try {
                Set<Thread> next = startedSince(before);
                assertThat(next).as("a new release thread once a shared hold exists again").hasSize(1)
                        .doesNotContain(scanner);
                stop(next.iterator().next(), "while a hold is in use (it scans)");
            } finally {
                BurstLocks.released(again.lock, again);
            }
        } finally {
            BurstLocks.released(busy.lock, busy);
            BurstLocks.released(idle.lock, idle);
        }
    }

    /** Stops the release thread, which must be {@code expected}, and waits for it to end. */
    private static void stop(Thread expected, String when) throws InterruptedException {
        assertThat(BurstLocks.stopScanner()).as("the running release thread").isSameAs(expected);
        expected.join(10_000);
        assertThat(expected.isAlive()).as("the release thread stopped when interrupted " + when).isFalse();
    }

    private static Set<Thread> releaseThreads() {
        Set<Thread> found = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(BurstLocks.SCANNER_NAME) && t.isAlive()) {
                found.add(t);
            }
        }
        return found;
    }

    /** The release threads alive now that were not in {@code before}. */
    private static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = releaseThreads();
        now.removeAll(before);
        return now;
    }

    private static long cpuMillisOver(Thread t, long millis) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long before = mx.getThreadCpuTime(t.getId());
        Thread.sleep(millis);
        return (mx.getThreadCpuTime(t.getId()) - before) / 1_000_000;
    }
}
