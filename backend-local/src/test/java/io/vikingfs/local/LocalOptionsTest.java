package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.DiskRoots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LocalOptions} as its Javadoc documents it: the defaults, the refused values (a store whose owner cannot
 * read its own files would fail later, far from the cause), and what each option changes when a store is opened.
 */
class LocalOptionsTest {
    private FileSystem jimfs;
    private Path root;

    @BeforeEach
    void newDisk() throws IOException {
        jimfs = DiskRoots.newJimfs();
        root = DiskRoots.jimfsRoot(jimfs);
    }

    @AfterEach
    void closeDisk() throws IOException {
        jimfs.close();
    }

    @Test
    void defaults_areOwnerOnly_noTempAge_recoveryOnOpen_andListingsSortedInMemoryUpToTheDefault() {
        LocalOptions d = LocalOptions.DEFAULT;
        assertThat(PosixFilePermissions.toString(d.filePermissions())).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(d.directoryPermissions())).isEqualTo("rwx------");
        assertThat(d.tempReclaimAge()).isZero();
        assertThat(d.recoverOnOpen()).isTrue();
        assertThat(d.listNamesInMemory()).isEqualTo(LocalOptions.DEFAULT_LIST_NAMES_IN_MEMORY);
        assertThat(d.listSpillDirectory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(d.toString()).contains("files=rw-------", "dirs=rwx------", "recoverOnOpen=true");
    }

    @Test
    void eachWither_changesItsOptionOnly() {
        LocalOptions o = LocalOptions.DEFAULT.withFilePermissions(PosixFilePermissions.fromString("rw-r-----"))
                .withDirectoryPermissions(PosixFilePermissions.fromString("rwxr-x---"))
                .withTempReclaimAge(Duration.ofMinutes(5)).withRecoverOnOpen(false)
                .withListSpill(Path.of("/spill"), 7);
        assertThat(PosixFilePermissions.toString(o.filePermissions())).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(o.directoryPermissions())).isEqualTo("rwxr-x---");
        assertThat(o.tempReclaimAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.recoverOnOpen()).isFalse();
        assertThat(o.listSpillDirectory()).isEqualTo(Path.of("/spill"));
        assertThat(o.listNamesInMemory()).isEqualTo(7);
        assertThat(LocalOptions.DEFAULT.recoverOnOpen()).as("DEFAULT is immutable").isTrue();
    }

    @Test
    void valuesThatWouldBreakTheStoreLater_areRefusedWhenTheOptionIsSet() {
        assertThatThrownBy(() -> LocalOptions.DEFAULT.withTempReclaimAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tempReclaimAge");
        for (String unreadableOrUnwritable : new String[] {"-w-------", "r--------"}) {
            assertThatThrownBy(() -> LocalOptions.DEFAULT.withFilePermissions(
                    PosixFilePermissions.fromString(unreadableOrUnwritable)))
                    .as(unreadableOrUnwritable).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("owner read and write");
        }
        for (String notRwx : new String[] {"rw-------", "r-x------", "-wx------"}) {
            assertThatThrownBy(() -> LocalOptions.DEFAULT.withDirectoryPermissions(
                    PosixFilePermissions.fromString(notRwx)))
                    .as(notRwx).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner rwx");
        }
        assertThatThrownBy(() -> LocalOptions.DEFAULT.withListSpill(Path.of("/spill"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namesInMemory");
        assertThat(LocalOptions.DEFAULT.withListSpill(Path.of("/spill"), 1).listNamesInMemory()).isEqualTo(1);
    }

    @Test
    void newFilesAndDirectories_getTheConfiguredPermissions() throws IOException {
        LocalOptions o = LocalOptions.DEFAULT.withFilePermissions(PosixFilePermissions.fromString("rw-r-----"))
                .withDirectoryPermissions(PosixFilePermissions.fromString("rwxr-x---"));
        try (LocalVikingFs fs = LocalVikingFs.open(root.resolve("store"), o)) {
            fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("store"))))
                .as("the store's root, created by open").isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("store/d"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("store/d/f"))))
                .isEqualTo("rw-r-----");
    }

    /** A temp file an interrupted write left (nobody holds its lock): what opening and recover do with it. */
    private Path plantAbandonedTemp() throws IOException {
        Path temp = Files.createDirectories(root.resolve("d")).resolve(LibraryNames.TEMP_PREFIX + "interrupted");
        Files.write(temp, utf8("{"));
        return temp;
    }

    @Test
    void recoverOnOpen_reclaimsLeftoversWhenOn_andLeavesThemForAnExplicitRecoverWhenOff() throws IOException {
        Path temp = plantAbandonedTemp();
        try (LocalVikingFs fs = LocalVikingFs.open(root, LocalOptions.DEFAULT.withRecoverOnOpen(false))) {
            assertThat(temp).exists();
            assertThat(fs.recover(false).tempFiles()).containsExactly("d/" + temp.getFileName());
            assertThat(temp).as("recover(false) only reports").exists();
        }
        try (LocalVikingFs fs = LocalVikingFs.open(root, LocalOptions.DEFAULT)) {
            assertThat(temp).doesNotExist();
            assertThat(fs.recover(true).total()).as("idempotent: nothing left").isZero();
        }
    }

    @Test
    void tempReclaimAge_keepsATempFileYoungerThanIt_andReclaimsItOnceOlder() throws IOException {
        Path temp = plantAbandonedTemp();
        try (LocalVikingFs fs = LocalVikingFs.open(root, LocalOptions.DEFAULT.withTempReclaimAge(Duration.ofHours(1)))) {
            assertThat(fs.recover(true).tempFiles()).as("a temp file seconds old").isEmpty();
            assertThat(temp).exists();
            Files.setLastModifiedTime(temp, java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() - Duration.ofHours(2).toMillis()));
            assertThat(fs.recover(true).tempFiles()).containsExactly("d/" + temp.getFileName());
            assertThat(temp).doesNotExist();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
