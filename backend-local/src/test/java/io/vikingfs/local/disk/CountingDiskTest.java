package io.vikingfs.local.disk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CountingDisk}: the group-commit checks of the conformance suite and the benchmarks' "flushes per op" and
 * "disk calls per op" figures are read from its counters, so each call must be counted exactly once, in its own
 * counter, and passed through to the disk below unchanged ({@link ForwardingDisk}).
 */
class CountingDiskTest {
    /** A test on the root of a fresh Jimfs disk, closed afterwards. */
    private interface OnRoot {
        void run(Path root) throws IOException;
    }

    private static void onJimfs(OnRoot test) throws IOException {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            test.run(DiskRoots.jimfsRoot(jimfs));
        }
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCall_isCountedOnceInItsCounter_andReachesTheDiskBelow() throws IOException {
        onJimfs(CountingDiskTest::countsEveryCall);
    }

    private static void countsEveryCall(Path root) throws IOException {
        CountingDisk disk = new CountingDisk(new NioDisk(root));
        assertThat(disk.root()).isEqualTo(root);
        CountingDisk.Counts start = disk.counts();
        Path dir = root.resolve("d");
        Path f = dir.resolve("f");
        disk.createDirectory(dir);                                       // call 1
        try (DiskFile file = disk.createNew(f)) {                        // open, call 2
            file.write(utf8("hello"), 0);                                // write, call 3
            assertThat(file.size()).isEqualTo(5);                        // call 4
            file.truncate(4);                                            // call 5
            file.sync();                                                 // file sync, call 6
            try (DiskLock ignored = file.lock()) {                       // lock, call 7
                assertThat(file.path()).isEqualTo(f);
            }
        }                                                                // close, call 8
        try (DiskFile file = disk.openRead(f)) {                         // open, call 9
            ByteBuffer b = ByteBuffer.allocate(8);
            assertThat(file.read(b, 0)).isEqualTo(4);                    // call 10
            assertThat(new String(b.array(), 0, 4, StandardCharsets.UTF_8)).isEqualTo("hell");
        }                                                                // call 11
        try (DiskFile file = disk.openWrite(f)) {                        // open, call 12
            assertThat(file.size()).isEqualTo(4);                        // call 13
        }                                                                // call 14
        disk.syncDirectory(dir);                                         // dir sync, call 15
        assertThat(disk.stat(f).isFile()).isTrue();                      // stat, call 16
        assertThat(disk.list(dir)).containsExactly("f");                 // call 17
        List<String> names = new ArrayList<>();
        try (DirectoryStream<String> s = disk.names(dir)) {              // call 18
            s.forEach(names::add);
        }
        assertThat(names).containsExactly("f");
        disk.link(f, dir.resolve("g"));                                  // call 19
        assertThat(disk.linkCount(f)).isEqualTo(2);                      // forwarded, not counted
        disk.rename(dir.resolve("g"), dir.resolve("h"));                 // call 20
        disk.createSymlink(dir.resolve("s"), "h");                       // call 21
        assertThat(disk.readSymlink(dir.resolve("s"))).isEqualTo("h");   // call 22
        disk.delete(dir.resolve("s"));                                   // call 23
        assertThat(Files.readString(dir.resolve("h"))).isEqualTo("hell");
        assertThat(Files.exists(dir.resolve("s"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();

        CountingDisk.Counts c = disk.counts().minus(start);
        assertThat(c.fileSyncs()).isEqualTo(1);
        assertThat(c.directorySyncs()).isEqualTo(1);
        assertThat(disk.flushes()).isEqualTo(2);
        assertThat(c.writes()).isEqualTo(1);
        assertThat(c.stats()).isEqualTo(1);
        assertThat(c.locks()).isEqualTo(1);
        assertThat(c.opens()).isEqualTo(3);
        assertThat(c.calls()).isEqualTo(23);
        assertThat(c.flushNanos()).isNotNegative();
    }

    @Test
    void aFlushLatency_isTakenByEveryFileAndDirectoryFlush_andTimed() throws IOException {
        onJimfs(root -> {
            CountingDisk disk = new CountingDisk(new NioDisk(root), Duration.ofMillis(20));
            long start = System.nanoTime();
            try (DiskFile file = disk.createNew(root.resolve("f"))) {
                file.sync();
            }
            disk.syncDirectory(root);
            long elapsed = System.nanoTime() - start;
            assertThat(disk.counts().flushNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos())
                    .as("device time is part of the time the calls took").isLessThanOrEqualTo(elapsed);
        });
    }

    @Test
    void aFlushInterruptedInItsLatency_failsAsInterrupted_andKeepsTheInterrupt() throws IOException {
        onJimfs(root -> {
            CountingDisk disk = new CountingDisk(new NioDisk(root), Duration.ofSeconds(10));
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> disk.syncDirectory(root)).isInstanceOf(InterruptedIOException.class);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        });
    }

    @Test
    void figures_areExplainedPerOperationAndAsDeviceTime() {
        CountingDisk.Counts c = new CountingDisk.Counts(1, 3, 8, 12, 4, 2, 40, 2_000_000);
        assertThat(c.perOp(4)).isEqualTo("0.250 file + 0.750 dir flushes; 2.0 writes, 3.0 stats, 1.0 locks,"
                + " 0.5 opens, 10.0 disk calls per op");
        assertThat(c.perOp(0)).isEqualTo("no operations");
        assertThat(c.flushTiming(8_000_000)).isEqualTo("flushes took 0.50 ms each; a flush was running 25% of the time");
        assertThat(c.flushTiming(0)).isEmpty();
        assertThat(new CountingDisk.Counts(0, 0, 0, 0, 0, 0, 0, 0).flushTiming(1)).isEmpty();
        CountingDisk.Counts later = new CountingDisk.Counts(2, 5, 9, 13, 6, 3, 50, 3_000_000);
        assertThat(later.minus(c)).isEqualTo(new CountingDisk.Counts(1, 2, 1, 1, 2, 1, 10, 1_000_000));
    }

    /** A directory flush is forwarded to the disk below: on the real disk its errors reach the caller. */
    @Test
    void aDirectoryFlush_reachesTheRealDisk_withItsErrors(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        CountingDisk disk = new CountingDisk(new NioDisk(tmp));
        disk.syncDirectory(tmp);
        assertThatThrownBy(() -> disk.syncDirectory(tmp.resolve("missing")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(disk.counts().directorySyncs()).isEqualTo(2);
    }

    /** File flushes and closes are forwarded too: a flush's error reaches the caller, a closed file reads no more. */
    @Test
    void fileFlushesAndCloses_reachTheDiskBelow() throws IOException {
        onJimfs(root -> {
            FaultyDisk faulty = new FaultyDisk(new NioDisk(root));
            CountingDisk disk = new CountingDisk(faulty);
            DiskFile file = disk.createNew(root.resolve("f"));
            faulty.inject(FaultyDisk.Injector.when(op -> op.kind() == FaultyDisk.OpKind.FILE_SYNC,
                    FaultyDisk.Injector.error("EIO")));
            assertThatThrownBy(file::sync).hasMessageContaining("EIO");
            file.close();
            assertThatThrownBy(() -> file.read(ByteBuffer.allocate(1), 0))
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        });
    }
}
