package io.vikingfs.memory;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file's bytes on the {@link CrashableDisk} are the crash model's alone: written, read, sized, cut and stamped
 * there, never copied into the Jimfs file below (which stays empty), with the refusals a file channel makes. A
 * file made beneath the disk, which the model never saw, keeps its bytes in Jimfs.
 */
class CrashableDiskBytesTest {
    private CrashableDisk disk;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = JimfsStores.newRoot("/store");
        disk = new CrashableDisk(new NioDisk(root).leavingKindChecksToCaller()); // as the memory store's
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer b) {
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Test
    void writtenBytes_areReadSizedAndStatted_fromTheModel_theJimfsFileStaysEmpty() throws IOException {
        Path a = root.resolve("a");
        try (DiskFile f = disk.createNew(a)) {
            f.write(ByteBuffer.wrap(utf8("hello")), 0);
            f.writeImmutable(utf8(" world"), 5);
            assertThat(f.size()).isEqualTo(11);
            ByteBuffer three = ByteBuffer.allocate(3);
            assertThat(f.read(three, 6)).isEqualTo(3);
            assertThat(text(three)).isEqualTo("wor");
            assertThat(f.read(ByteBuffer.allocate(4), 11)).isEqualTo(-1);
            assertThat(f.read(ByteBuffer.allocate(0), 0)).isZero();
        }
        assertThat(disk.stat(a).size()).isEqualTo(11);
        assertThat(new String(LiveBytes.read(disk, a), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(Files.size(a)).as("no second copy in Jimfs").isZero();

        try (DiskFile f = disk.openWrite(a)) {
            f.truncate(5);
            f.truncate(100); // never extends, as ftruncate through a channel does not
            f.write(ByteBuffer.wrap(utf8("!")), 7); // past the end: the gap reads as zeros
        }
        assertThat(LiveBytes.read(disk, a)).isEqualTo(utf8("hello\0\0!"));
        assertThat(disk.stat(a).size()).isEqualTo(8);
    }

    @Test
    void aWrite_consumesItsBuffer_asAChannelWriteDoes() throws IOException {
        try (DiskFile f = disk.createNew(root.resolve("a"))) {
            ByteBuffer src = ByteBuffer.wrap(utf8("xxabcxx")).position(2).limit(5);
            f.write(src, 0);
            assertThat(src.position()).isEqualTo(5);
            assertThat(src.remaining()).isZero();
        }
        assertThat(LiveBytes.read(disk, root.resolve("a"))).isEqualTo(utf8("abc"));
    }

    @Test
    void aWrite_stampsTheFilesModificationTime() throws IOException, InterruptedException {
        Path a = root.resolve("a");
        try (DiskFile f = disk.createNew(a)) {
            long made = disk.stat(a).modifiedNanos();
            Thread.sleep(5);
            long before = nanos(Instant.now());
            f.write(ByteBuffer.wrap(utf8("x")), 0);
            long stamped = disk.stat(a).modifiedNanos();
            assertThat(stamped).isGreaterThan(made).isGreaterThanOrEqualTo(before)
                    .isLessThanOrEqualTo(nanos(Instant.now()));
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void aClosedHandle_andAWriteThroughAReadHandle_areRefused_andChangeNothing() throws IOException {
        Path a = root.resolve("a");
        DiskFile w = disk.createNew(a);
        w.write(ByteBuffer.wrap(utf8("kept")), 0);
        w.close();
        assertThatThrownBy(() -> w.write(ByteBuffer.wrap(utf8("lost")), 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.writeImmutable(utf8("lost"), 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.truncate(0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.read(ByteBuffer.allocate(4), 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(w::size).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(w::sync).isInstanceOf(ClosedChannelException.class);
        long steps = disk.snapshot().pending().size();
        try (DiskFile r = disk.openRead(a)) {
            assertThatThrownBy(() -> r.write(ByteBuffer.wrap(utf8("lost")), 0))
                    .isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> r.truncate(0)).isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> r.write(ByteBuffer.wrap(utf8("lost")), -1))
                    .isInstanceOf(NonWritableChannelException.class);
        }
        try (DiskFile f = disk.openWrite(a)) {
            assertThatThrownBy(() -> f.write(ByteBuffer.wrap(utf8("lost")), -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position -1");
            assertThatThrownBy(() -> f.writeImmutable(utf8("lost"), -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position -1");
            assertThatThrownBy(() -> f.truncate(-1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position -1");
            // The model holds a file in one array: past 2 GiB it refuses, and says why, instead of overflowing.
            assertThatThrownBy(() -> f.truncate(Integer.MAX_VALUE + 1L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 GiB");
            assertThatThrownBy(() -> f.write(ByteBuffer.wrap(utf8("lost")), Integer.MAX_VALUE - 3L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 GiB");
        }
        assertThat(disk.snapshot().pending()).as("no step recorded").hasSize((int) steps);
        assertThat(LiveBytes.read(disk, a)).isEqualTo(utf8("kept"));
        try (DiskFile f = disk.openWrite(a)) {
            f.truncate(Integer.MAX_VALUE); // the largest size there is: never extends, so changes nothing
        }
        assertThat(LiveBytes.read(disk, a)).isEqualTo(utf8("kept"));
    }

    @Test
    void closingAHandle_closesTheJimfsChannelBelow() throws IOException {
        DiskFile f = disk.createNew(root.resolve("log"));
        f.close();
        // Locks are the channel's: a lock through the closed handle would be taken on a channel left open.
        assertThatThrownBy(f::tryLock).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(f::lock).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aFileMadeBeneathTheDisk_keepsItsBytesInJimfs() throws IOException {
        Path planted = root.resolve("planted");
        Files.write(planted, utf8("foreign"));
        DiskStat st = disk.stat(planted);
        assertThat(st.size()).isEqualTo(7);
        assertThat(LiveBytes.read(disk, planted)).isEqualTo(utf8("foreign"));
        try (DiskFile f = disk.openWrite(planted)) {
            ByteBuffer all = ByteBuffer.allocate(16);
            assertThat(f.read(all, 0)).isEqualTo(7);
            f.write(ByteBuffer.wrap(utf8("!")), 7);
            f.writeImmutable(utf8("?"), 8);
            assertThat(f.size()).isEqualTo(9);
            f.sync();
        }
        assertThat(Files.readAllBytes(planted)).isEqualTo(utf8("foreign!?"));
        try (DiskFile f = disk.openWrite(planted)) {
            f.truncate(3);
        }
        assertThat(Files.readAllBytes(planted)).isEqualTo(utf8("for"));
        assertThat(disk.stat(planted).size()).isEqualTo(3);
    }
}
