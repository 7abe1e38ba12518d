package io.vikingfs.local;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls aimed at the wrong kind of entry (docs/contract.md §2 Errors): each fails before touching storage, and its
 * message says what is wrong with the path and what to do instead — not a disk error from halfway through.
 */
class WrongKindOfEntryTest {
    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp);
        fs = stores.open();
    }

    @AfterEach
    void close() throws IOException {
        stores.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void atomicWrite_ontoADirectory_saysItIsADirectory_andLeavesIt() throws IOException {
        fs.atomicWrite(VPath.of("d/inside"), utf8("x"), WriteOptions.DEFAULT);
        for (WriteOptions o : new WriteOptions[] {WriteOptions.DEFAULT, WriteOptions.durable(false)}) {
            assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d"), utf8("y"), o))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("d").hasMessageContaining("is a directory")
                    .hasMessageContaining("delete it first or write to another path");
        }
        assertThat(fs.read(VPath.of("d/inside"))).isEqualTo(utf8("x"));
        assertThat(fs.recover(false).total()).as("no temp file left").isZero();
    }

    @Test
    void rename_ofALiveDirectory_pointsToSwitchDirectory_andMovesNothing() throws IOException {
        fs.atomicWrite(VPath.of("staged/f"), utf8("x"), WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
        assertThatThrownBy(() -> fs.rename(VPath.of("live"), VPath.of("moved"), RenameOptions.DEFAULT))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("live")
                .hasMessageContaining("managed by switchDirectory");
        assertThat(fs.read(VPath.of("live/f"))).isEqualTo(utf8("x"));
        assertThat(fs.exists(VPath.of("moved"))).isFalse();
    }

    @Test
    void rename_ofOrOntoTheRoot_orOfADirectoryIntoItself_isRefusedWithTheReason() throws IOException {
        fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT);
        // The error names the root, the entry that cannot be renamed or replaced — not the other path.
        assertThatThrownBy(() -> fs.rename(VPath.ROOT, VPath.of("x"), RenameOptions.DEFAULT))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("root cannot be renamed")
                .extracting(e -> ((FileSystemException) e).getFile()).isEqualTo(VPath.ROOT.toString());
        assertThatThrownBy(() -> fs.rename(VPath.of("d/f"), VPath.ROOT, RenameOptions.DEFAULT.withReplace(true)))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("root cannot be renamed")
                .extracting(e -> ((FileSystemException) e).getFile()).isEqualTo(VPath.ROOT.toString());
        assertThatThrownBy(() -> fs.rename(VPath.of("d"), VPath.of("d/sub"), RenameOptions.DEFAULT))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("into itself");
        assertThat(fs.read(VPath.of("d/f"))).isEqualTo(utf8("x"));
    }

    @Test
    void rename_ontoItself_needsReplace_andThenChangesNothing() throws IOException {
        fs.atomicWrite(VPath.of("f"), utf8("x"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.rename(VPath.of("f"), VPath.of("f"), RenameOptions.DEFAULT))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class).hasMessageContaining("is the source");
        fs.rename(VPath.of("f"), VPath.of("f"), RenameOptions.DEFAULT.withReplace(true));
        assertThat(fs.read(VPath.of("f"))).isEqualTo(utf8("x"));
    }

    @Test
    void delete_ofTheRoot_isRefused_andMkdirsOverAFile_saysAFileIsThere() throws IOException {
        fs.atomicWrite(VPath.of("f"), utf8("x"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.delete(VPath.ROOT)).isInstanceOf(VikingFsException.class)
                .hasMessageContaining("root is refused");
        assertThatThrownBy(() -> fs.deleteRecursively(VPath.ROOT)).isInstanceOf(VikingFsException.class)
                .hasMessageContaining("root is refused");
        assertThatThrownBy(() -> fs.mkdirs(VPath.of("f")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class).hasMessageContaining("a file exists");
        assertThat(fs.read(VPath.of("f"))).isEqualTo(utf8("x"));
    }

    @Test
    void readsBelowAFile_sayTheFileIsInTheWay_andReadsOfNothing_sayNothingIsThere() throws IOException {
        fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.read(VPath.of("d/f/below")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("d/f/below")
                .hasMessageContaining("'d/f' is a file, so nothing exists below it");
        assertThatThrownBy(() -> fs.read(VPath.of("nothere/x")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("nothere/x")
                .hasMessageContaining("no such file or directory in the store");
        assertThatThrownBy(() -> fs.stat(VPath.of("d/missing")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("d/missing")
                .hasMessageContaining("no such file or directory in the store");
    }
}
