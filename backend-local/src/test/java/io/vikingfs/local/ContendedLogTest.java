package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a log's lock is while its durable appends flush ({@link BurstLocks}): held across the flush when no other
 * process shares the log (a burst), given up before the flush once the lock is contended and a process waits for it
 * — so that process writes while this one flushes. On the real disk, with a disk hook whose lock reports the
 * contention (taking it "had to wait", a process "waits" for it), since only that hook can make a second process's
 * timing deterministic.
 */
class ContendedLogTest {
    @TempDir
    Path tmp;

    /** For each sync of the log, whether its lock was held at that moment. */
    private final List<Boolean> lockedAtSync = new CopyOnWriteArrayList<>();
    private final AtomicBoolean locked = new AtomicBoolean();

    private UnaryOperator<Disk> contention(boolean contended) {
        return LockHook.on(LockHook::notLibraryEntry, real -> {
            DiskLock held = real.take();
            locked.set(true);
            return new DiskLock() {
                @Override
                public void close() throws IOException {
                    locked.set(false);
                    held.close();
                }

                @Override
                public boolean waitedFor() {
                    return contended;
                }

                @Override
                public boolean contended() {
                    return contended;
                }
            };
        }, () -> lockedAtSync.add(locked.get()));
    }

    @Test
    void aContendedLog_isReleasedAfterEachWriteBeforeItsFlush() throws IOException {
        VPath log = VPath.of("logs/shared.jsonl");
        try (Stores stores = Stores.on("disk", tmp, contention(true)); LocalVikingFs fs = stores.open()) {
            // Created first, without a flush: the first append's directory work on a loaded machine may outlast the
            // contention window counted from the lock's grant, which is not what this case is about.
            fs.append(log, "{\"n\":-1}", false);
            for (int i = 0; i < 5; i++) {
                fs.append(log, "{\"n\":" + i + "}", true);
            }
            assertThat(lockedAtSync).as("one flush per durable append").hasSize(5)
                    .as("the waiting process writes while this one flushes").containsOnly(false);
            assertThat(Files.readAllLines(stores.root.resolve("logs/shared.jsonl"))).hasSize(6);
        }
    }

    @Test
    void aLogNoOtherProcessWants_keepsItsLockAcrossTheFlushes() throws IOException {
        VPath log = VPath.of("logs/alone.jsonl");
        try (Stores stores = Stores.on("disk", tmp, contention(false)); LocalVikingFs fs = stores.open()) {
            for (int i = 0; i < 5; i++) {
                fs.append(log, "{\"n\":" + i + "}", true);
            }
            assertThat(lockedAtSync).hasSize(5).as("a burst: the lock is not given up for the flush")
                    .containsOnly(true);
        }
    }
}
