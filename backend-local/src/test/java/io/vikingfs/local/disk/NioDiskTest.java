package io.vikingfs.local.disk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Disk SPI means the same on the real disk and on Jimfs. */
class NioDiskTest {
    @TempDir
    Path tmp;
    private FileSystem jimfs;

    private NioDisk disk(String where) throws IOException {
        if (where.equals("jimfs")) {
            jimfs = DiskRoots.newJimfs();
            return new NioDisk(DiskRoots.jimfsRoot(jimfs));
        }
        return new NioDisk(tmp);
    }

    @AfterEach
    void closeJimfs() throws IOException {
        if (jimfs != null) {
            jimfs.close();
        }
    }

    private static void write(Disk d, Path p, String s) throws IOException {
        try (DiskFile f = d.createNew(p)) {
            f.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), 0);
            f.sync();
        }
    }

    private static String read(Disk d, Path p) throws IOException {
        try (DiskFile f = d.openRead(p)) {
            ByteBuffer b = ByteBuffer.allocate((int) f.size());
            while (b.hasRemaining() && f.read(b, b.position()) >= 0) {
                // loop until full
            }
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void createNew_andCreateDirectory_getOwnerOnlyPermissions(String where) throws IOException {
        NioDisk d = disk(where);
        write(d, d.root().resolve("f"), "x");
        d.createDirectory(d.root().resolve("dir"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root().resolve("f")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root().resolve("dir")))).isEqualTo("rwx------");
        assertThat(d.supportsPosixPermissions()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void configuredPermissions_widerThanUmask_areApplied(String where) throws IOException {
        NioDisk base = disk(where);
        NioDisk d = new NioDisk(base.root(), PosixFilePermissions.fromString("rw-rw-r--"),
                PosixFilePermissions.fromString("rwxrwxrwx"));
        write(d, d.root().resolve("f"), "x");
        d.createDirectory(d.root().resolve("dir"));
        // World write is what every usual umask takes away (022, 002, 077): read back, it must be there whatever the
        // process's umask (the directory's; the file's group write survives umask 002).
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root().resolve("f")))).isEqualTo("rw-rw-r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root().resolve("dir")))).isEqualTo("rwxrwxrwx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void createNew_existingPath_fails(String where) throws IOException {
        NioDisk d = disk(where);
        write(d, d.root().resolve("f"), "x");
        assertThatThrownBy(() -> d.createNew(d.root().resolve("f"))).isInstanceOf(FileAlreadyExistsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void rename_replacesFileAndSymlink_butNeverChangesKind(String where) throws IOException {
        NioDisk d = disk(where);
        Path r = d.root();
        write(d, r.resolve("a"), "new");
        write(d, r.resolve("b"), "old");
        d.rename(r.resolve("a"), r.resolve("b"));
        assertThat(read(d, r.resolve("b"))).isEqualTo("new");
        assertThat(d.stat(r.resolve("a"))).isNull();

        d.createDirectory(r.resolve("empty"));
        assertThatThrownBy(() -> d.rename(r.resolve("b"), r.resolve("empty"))).isInstanceOf(FileSystemException.class);
        assertThat(d.stat(r.resolve("empty")).isDirectory()).isTrue();
        d.createDirectory(r.resolve("dir"));
        assertThatThrownBy(() -> d.rename(r.resolve("dir"), r.resolve("b"))).isInstanceOf(FileSystemException.class);
        assertThat(d.stat(r.resolve("b")).isFile()).isTrue();

        d.createSymlink(r.resolve("link"), "dir");
        d.createSymlink(r.resolve("tmplink"), "empty");
        d.rename(r.resolve("tmplink"), r.resolve("link"));
        assertThat(d.readSymlink(r.resolve("link"))).isEqualTo("empty");
        assertThat(d.stat(r.resolve("link")).isSymlink()).isTrue();
    }

    /**
     * In memory no lock excludes anyone, as Jimfs's own FileLocks did not: two descriptors of one file both "hold"
     * it. A closed file's lock fails, as Jimfs's did. On the real disk the second descriptor of this JVM is refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void lock_excludesNoOneInMemory_andFailsOnAClosedFile(String where) throws IOException {
        NioDisk d = disk(where);
        Path p = d.root().resolve("f");
        write(d, p, "x");
        assertThat(d.inMemory()).isEqualTo(where.equals("jimfs"));
        try (DiskFile a = d.openWrite(p); DiskFile b = d.openWrite(p); DiskLock held = a.lock()) {
            if (d.inMemory()) {
                try (DiskLock second = b.tryLock()) {
                    assertThat(second).isNotNull();
                }
            } else {
                assertThatThrownBy(b::tryLock).isInstanceOf(java.nio.channels.OverlappingFileLockException.class);
            }
        }
        DiskFile closed = d.openWrite(p);
        closed.close();
        assertThatThrownBy(closed::lock).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThatThrownBy(closed::tryLock).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    /** Left to the caller, the refusal is the caller's on Jimfs (the crash recorder makes it); rename(2) makes its own. */
    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void leavingKindChecksToCaller_onJimfs_aFileReplacesAnEmptyDirectory_onTheDiskRenameRefuses(String where)
            throws IOException {
        NioDisk d = disk(where).leavingKindChecksToCaller();
        Path r = d.root();
        write(d, r.resolve("f"), "x");
        d.createDirectory(r.resolve("empty"));
        if (where.equals("jimfs")) {
            d.rename(r.resolve("f"), r.resolve("empty"));
            assertThat(d.stat(r.resolve("empty")).isFile()).isTrue();
        } else {
            assertThatThrownBy(() -> d.rename(r.resolve("f"), r.resolve("empty"))).isInstanceOf(FileSystemException.class);
            assertThat(d.stat(r.resolve("empty")).isDirectory()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void rename_directoryOverNonEmptyDirectory_fails(String where) throws IOException {
        NioDisk d = disk(where);
        Path r = d.root();
        d.createDirectory(r.resolve("src"));
        d.createDirectory(r.resolve("dst"));
        write(d, r.resolve("dst/x"), "x");
        assertThatThrownBy(() -> d.rename(r.resolve("src"), r.resolve("dst"))).isInstanceOf(FileSystemException.class);
        d.delete(r.resolve("dst/x"));
        d.rename(r.resolve("src"), r.resolve("dst"));
        assertThat(d.stat(r.resolve("src"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void link_neverClobbers(String where) throws IOException {
        NioDisk d = disk(where);
        Path r = d.root();
        write(d, r.resolve("a"), "a");
        write(d, r.resolve("b"), "b");
        assertThatThrownBy(() -> d.link(r.resolve("a"), r.resolve("b"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read(d, r.resolve("b"))).isEqualTo("b");
        d.link(r.resolve("a"), r.resolve("c"));
        assertThat(d.stat(r.resolve("c")).fileKey()).isEqualTo(d.stat(r.resolve("a")).fileKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void stat_doesNotFollowLinks_andIsNullThroughAFile(String where) throws IOException {
        NioDisk d = disk(where);
        Path r = d.root();
        write(d, r.resolve("f"), "abc");
        d.createSymlink(r.resolve("l"), "f");
        assertThat(d.stat(r.resolve("l")).kind()).isEqualTo(DiskStat.Kind.SYMLINK);
        assertThat(d.stat(r.resolve("f")).size()).isEqualTo(3);
        assertThat(d.stat(r.resolve("f/x"))).isNull();
        assertThat(d.stat(r.resolve("missing"))).isNull();
        assertThatThrownBy(() -> d.openRead(r.resolve("l"))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void syncDirectory_lockTruncateAndList_work(String where) throws IOException {
        NioDisk d = disk(where);
        Path r = d.root();
        d.createDirectory(r.resolve("dir"));
        d.syncDirectory(r.resolve("dir"));
        write(d, r.resolve("dir/log"), "a\nbc");
        try (DiskFile f = d.openWrite(r.resolve("dir/log")); DiskLock ignored = f.lock()) {
            f.truncate(2);
            f.sync();
        }
        assertThat(read(d, r.resolve("dir/log"))).isEqualTo("a\n");
        assertThat(d.list(r.resolve("dir"))).containsExactly("log");
    }

    /**
     * A directory sync reaches the device on the real disk — its errors with it (a missing directory fails, never
     * silently) — and is a no-op on Jimfs, which cannot open a directory.
     */
    @org.junit.jupiter.api.Test
    void syncDirectory_reportsAMissingDirectoryOnTheRealDisk_andIsANoOpOnJimfs() throws IOException {
        NioDisk real = disk("disk");
        real.syncDirectory(tmp);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> real.syncDirectory(tmp.resolve("missing")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        NioDisk onJimfs = disk("jimfs");
        onJimfs.syncDirectory(onJimfs.root().resolve("missing"));
    }

    @org.junit.jupiter.api.Test
    void posixPermissions_areSupportedWhereTheFileSystemHasThePosixView_only() throws IOException {
        org.assertj.core.api.Assertions.assertThat(disk("jimfs").supportsPosixPermissions()).isTrue();
        try (FileSystem plain = com.google.common.jimfs.Jimfs.newFileSystem(
                com.google.common.jimfs.Configuration.unix().toBuilder().setAttributeViews("basic").build())) {
            NioDisk d = new NioDisk(java.nio.file.Files.createDirectories(plain.getPath("/root")));
            org.assertj.core.api.Assertions.assertThat(d.supportsPosixPermissions()).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void leavingFilePermissionsToDefaults_newFilesGetTheFileSystemsDefault_whichMustBeTheDisks() throws IOException {
        try (FileSystem fs = com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration.unix()
                .toBuilder().setAttributeViews("basic", "owner", "posix")
                .setDefaultAttributeValue("posix:permissions", NioDisk.DEFAULT_FILE_PERMISSIONS).build())) {
            NioDisk d = new NioDisk(Files.createDirectories(fs.getPath("/root"))).leavingFilePermissionsToDefaults();
            write(d, d.root().resolve("f"), "x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root().resolve("f"))))
                    .isEqualTo("rw-------");
            d.createDirectory(d.root().resolve("dir")); // directories still get theirs passed
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root().resolve("dir"))))
                    .isEqualTo("rwx------");
        }
        // On a file system whose default is another, the assertion names the mismatch (tests run with -ea).
        NioDisk wrong = disk("jimfs").leavingFilePermissionsToDefaults();
        assertThatThrownBy(() -> wrong.createNew(wrong.root().resolve("g")).close())
                .isInstanceOf(AssertionError.class).hasMessageContaining("not the file system's default");
    }

    /** A decorator that intercepts {@code write} sees {@code writeImmutable} too: it is not forwarded as such. */
    @org.junit.jupiter.api.Test
    void writeImmutable_writesTheBytes_andReachesADecoratorThroughWrite() throws IOException {
        NioDisk d = disk("jimfs");
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        try (DiskFile f = new ForwardingDiskFile(d.createNew(d.root().resolve("f"))) {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                seen.add(src.remaining());
                super.write(src, position);
            }
        }) {
            f.writeImmutable("hello".getBytes(StandardCharsets.UTF_8), 0);
            f.writeImmutable("!".getBytes(StandardCharsets.UTF_8), 5);
        }
        assertThat(read(d, d.root().resolve("f"))).isEqualTo("hello!");
        assertThat(seen).containsExactly(5, 1);
    }

    private NioDisk recording(RecordingChannels channels, String filePermissions) {
        return new NioDisk(tmp, PosixFilePermissions.fromString(filePermissions), NioDisk.DEFAULT_DIRECTORY_PERMISSIONS,
                channels);
    }

    /**
     * What a power loss would show and one process cannot: on the real disk {@link DiskFile#sync()} forces the
     * file's data (fdatasync, no metadata) and {@link NioDisk#syncDirectory} forces the directory itself (fsync),
     * each once per call, and nothing else forces (the class's Javadoc; {@link Disk}'s durability rules).
     */
    @org.junit.jupiter.api.Test
    void sync_forcesTheFilesData_andSyncDirectory_forcesTheDirectory_onTheRealDisk() throws IOException {
        RecordingChannels channels = new RecordingChannels(Integer.MAX_VALUE);
        NioDisk d = recording(channels, "rw-------");
        Path f = tmp.resolve("f");
        try (DiskFile file = d.createNew(f)) {
            file.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)), 0);
            assertThat(channels.forces).isEmpty();
            file.sync();
        }
        d.createDirectory(tmp.resolve("dir"));
        d.syncDirectory(tmp);
        assertThat(channels.forces).containsExactly(new RecordingChannels.Force(f, false),
                new RecordingChannels.Force(tmp, true));
        assertThat(d.toString()).as("a disk names its root when printed").isEqualTo("NioDisk[" + tmp.toUri() + "]");
    }

    /** A channel may write fewer bytes than asked; a positioned write goes on from where the channel stopped. */
    @org.junit.jupiter.api.Test
    void aPositionedWrite_theChannelCutsShort_goesOnWhereItStopped() throws IOException {
        NioDisk d = recording(new RecordingChannels(3), "rw-------");
        Path f = tmp.resolve("f");
        try (DiskFile file = d.createNew(f)) {
            file.write(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.UTF_8)), 0);
            file.write(ByteBuffer.wrap("abcdefg".getBytes(StandardCharsets.UTF_8)), 12);
        }
        assertThat(Files.readAllBytes(f)).isEqualTo("0123456789\0\0abcdefg".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A new file whose wider permissions cannot be set (here: removed between its creation and the change, as another
     * process could) fails with the file system's error, and its descriptor is closed, not leaked.
     */
    @org.junit.jupiter.api.Test
    void createNew_whosePermissionChangeFails_closesItsChannel() {
        RecordingChannels channels = new RecordingChannels(Integer.MAX_VALUE);
        NioDisk d = new NioDisk(tmp, PosixFilePermissions.fromString("rw-rw----"),
                NioDisk.DEFAULT_DIRECTORY_PERMISSIONS, (path, options, attributes) -> {
                    java.nio.channels.FileChannel c = channels.open(path, options, attributes);
                    Files.delete(path);
                    return c;
                });
        assertThatThrownBy(() -> d.createNew(tmp.resolve("f")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("f");
        assertThat(channels.opened).hasSize(1);
        assertThat(channels.opened.get(0).isOpen()).isFalse();
    }
}
