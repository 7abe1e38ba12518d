package io.vikingfs.local.disk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.vikingfs.local.disk.FaultyDisk.OpKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FaultyDisk} as its Javadoc describes it (and as {@code MemoryVikingFs.create(Faults)} offers it to users):
 * every call of the disk is one {@link FaultyDisk.Op} of its kind, on its path, numbered from 1 in call order; an
 * op the injector fails throws before it reaches the disk below, which then holds what it held; an op not failed
 * returns what the disk below returns.
 */
class FaultyDiskTest {
    private FileSystem jimfs;
    private Path root;
    private NioDisk below;
    private FaultyDisk disk;
    private final List<FaultyDisk.Op> seen = new ArrayList<>();
    private final Set<OpKind> failing = EnumSet.noneOf(OpKind.class);

    @BeforeEach
    void open() throws IOException {
        jimfs = DiskRoots.newJimfs();
        root = DiskRoots.jimfsRoot(jimfs);
        below = new NioDisk(root);
        disk = new FaultyDisk(below);
        disk.inject(op -> {
            seen.add(op);
            return failing.contains(op.kind()) ? new IOException("injected " + op.kind()) : null;
        });
    }

    @AfterEach
    void close() throws IOException {
        jimfs.close();
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCall_isOneOpOfItsKind_onItsPath_numberedInCallOrder_andReturnsWhatTheDiskBelowReturns()
            throws IOException {
        Path d = root.resolve("d");
        Path f = d.resolve("f");
        disk.createDirectory(d);
        try (DiskFile file = disk.createNew(f)) {
            file.write(utf8("hello"), 0);
            file.sync();
            file.truncate(4);
            file.lock().close();
            ByteBuffer b = ByteBuffer.allocate(8);
            assertThat(file.read(b, 0)).isEqualTo(4);
        }
        disk.openWrite(f).close();
        disk.openRead(f).close();
        assertThat(disk.stat(f).size()).isEqualTo(4);
        assertThat(disk.list(d)).containsExactly("f");
        disk.syncDirectory(d);
        disk.link(f, d.resolve("h"));
        disk.rename(d.resolve("h"), d.resolve("g"));
        disk.createSymlink(d.resolve("s"), "f");
        assertThat(disk.readSymlink(d.resolve("s"))).isEqualTo("f");
        disk.delete(d.resolve("g"));

        assertThat(seen).extracting(FaultyDisk.Op::kind).containsExactly(OpKind.MKDIR, OpKind.CREATE,
                OpKind.FILE_WRITE, OpKind.FILE_SYNC, OpKind.FILE_TRUNCATE, OpKind.FILE_LOCK, OpKind.FILE_READ,
                OpKind.OPEN_WRITE, OpKind.OPEN_READ, OpKind.STAT, OpKind.LIST, OpKind.SYNC_DIR, OpKind.LINK,
                OpKind.RENAME, OpKind.SYMLINK, OpKind.READ_SYMLINK, OpKind.DELETE);
        assertThat(seen).extracting(FaultyDisk.Op::path).containsExactly(d, f, f, f, f, f, f, f, f, f, d, d,
                d.resolve("h"), d.resolve("g"), d.resolve("s"), d.resolve("s"), d.resolve("g"));
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i).index()).isEqualTo(i + 1);
            assertThat(seen.get(i).length()).isEqualTo(seen.get(i).kind() == OpKind.FILE_WRITE ? 5 : 0);
        }
        assertThat(disk.ops()).isEqualTo(seen.size());
    }

    @Test
    void aFailedOp_throwsBeforeReachingTheDiskBelow() throws IOException {
        Path d = root.resolve("d");
        Path f = d.resolve("f");
        failing.add(OpKind.MKDIR);
        assertThatThrownBy(() -> disk.createDirectory(d)).hasMessage("injected MKDIR");
        assertThat(below.stat(d)).isNull();
        failing.clear();
        disk.createDirectory(d);

        failing.add(OpKind.CREATE);
        assertThatThrownBy(() -> disk.createNew(f)).hasMessage("injected CREATE");
        assertThat(below.stat(f)).isNull();
        failing.clear();
        disk.createNew(f).close();

        for (OpKind kind : new OpKind[] {OpKind.STAT, OpKind.LIST, OpKind.OPEN_READ, OpKind.OPEN_WRITE,
                OpKind.SYNC_DIR, OpKind.LINK, OpKind.RENAME, OpKind.DELETE, OpKind.SYMLINK}) {
            failing.add(kind);
        }
        assertThatThrownBy(() -> disk.stat(f)).hasMessage("injected STAT");
        assertThatThrownBy(() -> disk.list(d)).hasMessage("injected LIST");
        assertThatThrownBy(() -> disk.openRead(f)).hasMessage("injected OPEN_READ");
        assertThatThrownBy(() -> disk.openWrite(f)).hasMessage("injected OPEN_WRITE");
        assertThatThrownBy(() -> disk.syncDirectory(d)).hasMessage("injected SYNC_DIR");
        assertThatThrownBy(() -> disk.link(f, d.resolve("h"))).hasMessage("injected LINK");
        assertThatThrownBy(() -> disk.rename(f, d.resolve("g"))).hasMessage("injected RENAME");
        assertThatThrownBy(() -> disk.delete(f)).hasMessage("injected DELETE");
        assertThatThrownBy(() -> disk.createSymlink(d.resolve("s"), "f")).hasMessage("injected SYMLINK");
        assertThat(below.list(d)).containsExactly("f");

        below.createSymlink(d.resolve("s"), "f");
        failing.add(OpKind.READ_SYMLINK);
        assertThatThrownBy(() -> disk.readSymlink(d.resolve("s"))).hasMessage("injected READ_SYMLINK");
    }

    /** Flushes not failed reach the disk below (counted there), file and directory alike. */
    @Test
    void flushesNotFailed_reachTheDiskBelow() throws IOException {
        CountingDisk counting = new CountingDisk(below);
        FaultyDisk faulty = new FaultyDisk(counting);
        try (DiskFile file = faulty.createNew(root.resolve("f"))) {
            file.sync();
        }
        faulty.syncDirectory(root);
        assertThat(counting.counts().fileSyncs()).isEqualTo(1);
        assertThat(counting.counts().directorySyncs()).isEqualTo(1);
    }

    /** A {@link FaultyDisk.ShortWrite} lands the first bytes of the write, then fails it. */
    @Test
    void aShortWrite_landsItsPrefix_thenFails() throws IOException {
        Path f = root.resolve("f");
        disk.inject(op -> op.kind() == OpKind.FILE_WRITE
                ? new FaultyDisk.ShortWrite(3, "injected short write") : null);
        try (DiskFile file = disk.createNew(f)) {
            assertThatThrownBy(() -> file.write(utf8("hello"), 0)).hasMessage("injected short write");
        }
        assertThat(below.stat(f).size()).isEqualTo(3);
    }

    /** {@link FaultyDisk.Injector#onIndex}: exactly the op with that index fails, those before and after pass. */
    @Test
    void onIndex_failsExactlyThatOp() throws IOException {
        disk.inject(FaultyDisk.Injector.onIndex(disk.ops() + 2, FaultyDisk.Injector.error("EIO")));
        disk.createDirectory(root.resolve("a"));
        assertThatThrownBy(() -> disk.createDirectory(root.resolve("b")))
                .hasMessageStartingWith("EIO (injected at Op[kind=MKDIR");
        disk.createDirectory(root.resolve("c"));
        assertThat(below.list(root)).containsExactlyInAnyOrder("a", "c");
    }
}
