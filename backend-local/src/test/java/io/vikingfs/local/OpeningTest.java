package io.vikingfs.local;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.vikingfs.Capability;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening a local store, as {@link LocalVikingFs} and {@code file:} URIs document it: the folder is created if
 * missing, a root that is not a directory is refused before anything is written, the capabilities say what the
 * file system underneath can keep, and a closed store refuses every call.
 */
class OpeningTest {
    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileUri_opensTheFolder_creatingItAndItsParents() throws IOException {
        Path folder = tmp.resolve("a/b/store");
        try (VikingFs fs = VikingFs.open(folder.toUri())) {
            assertThat(fs).isInstanceOf(LocalVikingFs.class);
            assertThat(fs.uri()).isEqualTo(folder.toUri());
            assertThat(fs.toString()).isEqualTo("LocalVikingFs[" + folder.toUri() + "]");
            fs.atomicWrite(VPath.of("f"), utf8("x"), WriteOptions.DEFAULT);
        }
        assertThat(Files.readString(folder.resolve("f"))).isEqualTo("x");
        assertThat(new LocalVikingFsProvider().scheme()).isEqualTo("file");
    }

    @Test
    void aFileUriWithAHost_isRefused_sayingHowToWriteIt() {
        assertThatThrownBy(() -> new LocalVikingFsProvider().open(URI.create("file://somehost/data")))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("file://somehost/data")
                .hasMessageContaining("file:/absolute/folder");
    }

    @Test
    void aRootThatIsAFile_orMissing_isRefusedByOpenOnADisk_andLeftAsItWas() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "mine");
        assertThatThrownBy(() -> LocalVikingFs.open(new NioDisk(file), LocalOptions.DEFAULT))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("not a directory");
        assertThat(Files.readString(file)).isEqualTo("mine");
        assertThatThrownBy(() -> LocalVikingFs.open(new NioDisk(tmp.resolve("missing")), LocalOptions.DEFAULT))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("create it first");
        assertThat(tmp.resolve("missing")).doesNotExist();
    }

    @Test
    void capabilities_crossProcessOnlyOnTheRealDisk_posixPermissionsOnlyWhereTheFileSystemHasThem() throws IOException {
        try (LocalVikingFs real = LocalVikingFs.open(tmp.resolve("real"))) {
            assertThat(real.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isTrue();
            assertThat(real.capabilities().has(Capability.POSIX_PERMISSIONS)).isTrue();
            assertThat(real.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isTrue();
            assertThat(real.disk().root()).isEqualTo(tmp.resolve("real"));
        }
        try (FileSystem unix = DiskRoots.newJimfs(); LocalVikingFs fs = LocalVikingFs.open(unix.getPath("/s"))) {
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).as("no other process shares Jimfs")
                    .isFalse();
            assertThat(fs.capabilities().has(Capability.POSIX_PERMISSIONS)).isTrue();
        }
        try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows());
             LocalVikingFs fs = LocalVikingFs.open(windows.getPath("C:\\s"))) {
            assertThat(fs.capabilities().has(Capability.POSIX_PERMISSIONS)).isFalse();
            assertThat(fs.capabilities().has(Capability.DURABILITY_CONTROL)).isTrue();
            fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT);
            assertThat(fs.read(VPath.of("d/f"))).isEqualTo(utf8("x"));
        }
    }

    @Test
    void aClosedStore_refusesEveryCall_andClosingAgainIsHarmless() throws IOException {
        LocalVikingFs fs = LocalVikingFs.open(tmp.resolve("s"));
        fs.atomicWrite(VPath.of("f"), utf8("x"), WriteOptions.DEFAULT);
        fs.close();
        fs.close();
        assertThatThrownBy(() -> fs.read(VPath.of("f"))).isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(() -> fs.append(VPath.of("log"), "r", true)).isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(() -> fs.rename(VPath.of("f"), VPath.of("g"), io.vikingfs.RenameOptions.DEFAULT))
                .isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("a"), VPath.of("b"), true))
                .isInstanceOf(ClosedFileSystemException.class);
        assertThat(Files.readString(tmp.resolve("s/f"))).isEqualTo("x");
        assertThat(tmp.resolve("s/g")).doesNotExist();
    }

    /**
     * {@code close} "closes the open log descriptors" and abandons open stagings to recovery: no descriptor of the
     * store stays open in the process (read on Linux from /proc/self/fd), and the next open's recovery reclaims the
     * staging, which no open instance then owns.
     */
    @Test
    void close_releasesEveryDescriptorOfTheStore_andLeavesOpenStagingsToTheNextRecovery() throws IOException {
        Path root = tmp.resolve("s");
        LocalVikingFs fs = LocalVikingFs.open(root);
        fs.append(VPath.of("d/log"), "r", true);
        fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT);
        io.vikingfs.StagedDirectory staging = fs.stage(VPath.of("live"));
        fs.atomicWrite(staging.path().resolve("f"), utf8("staged"), WriteOptions.DEFAULT);
        Path real = root.toRealPath();
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            assertThat(openUnder(real)).as("descriptors open before close").isNotEmpty();
        }
        fs.close();
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            assertThat(openUnder(real)).as("descriptors of the store still open after close").isEmpty();
        }
        try (LocalVikingFs next = LocalVikingFs.open(root)) {
            assertThat(next.exists(staging.path())).as("the abandoned staging is reclaimed").isFalse();
        }
    }

    /** The files under {@code dir} this process has open (Linux: /proc/self/fd); empty where that is not known. */
    static java.util.List<Path> openUnder(Path dir) throws IOException {
        java.util.List<Path> open = new java.util.ArrayList<>();
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return open;
        }
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(dir)) {
                        open.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since: not the store's
                }
            }
        }
        return open;
    }
}
