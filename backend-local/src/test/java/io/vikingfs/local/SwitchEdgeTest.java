package io.vikingfs.local;

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
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code switchDirectory}'s refusals (docs/contract.md §2 Errors: the path that is wrong, what to do, storage
 * untouched; a failed flush is final, README "Durability"), an {@code atomicWrite} aimed at a live directory's
 * pointer, and recovery of a conversion intent torn before it was synced (DirectorySwitch: such an intent means
 * the conversion never began, so recovery drops it and leaves the plain directory as it is).
 */
class SwitchEdgeTest {
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private FlushFailingDisk disk;

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> disk = new FlushFailingDisk(d));
        fs = stores.open();
    }

    @AfterEach
    void close() throws IOException {
        stores.close();
    }

    @Test
    void theRootAsStagedOrLive_isRefused_namingTheRoot() throws IOException {
        fs.atomicWrite(VPath.of("live/f"), F, WriteOptions.DEFAULT);
        fs.atomicWrite(VPath.of("staged/f"), F, WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.switchDirectory(VPath.ROOT, VPath.of("live"), true))
                .isInstanceOfSatisfying(VikingFsException.class, e -> assertThat(e.getFile()).isEmpty())
                .hasMessageContaining("the store's root cannot take part in switchDirectory");
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("staged"), VPath.ROOT, true))
                .isInstanceOfSatisfying(VikingFsException.class, e -> assertThat(e.getFile()).isEmpty())
                .hasMessageContaining("use directories below it");
        assertThat(fs.read(VPath.of("live/f"))).isEqualTo(F);
        assertThat(fs.read(VPath.of("staged/f"))).isEqualTo(F);
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void stagedAndLiveInsideEachOther_areRefused_eitherWay() throws IOException {
        fs.atomicWrite(VPath.of("live/staged/f"), F, WriteOptions.DEFAULT);
        fs.atomicWrite(VPath.of("staged/live/f"), F, WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("live/staged"), VPath.of("live"), true))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("must not contain each other");
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("staged"), VPath.of("staged/live"), true))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("must not contain each other");
        assertThat(fs.read(VPath.of("live/staged/f"))).isEqualTo(F);
        assertThat(fs.read(VPath.of("staged/live/f"))).isEqualTo(F);
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aTornConversionIntent_isDroppedByRecovery_andThePlainDirectoryKept() throws IOException {
        fs.atomicWrite(VPath.of("live/f"), F, WriteOptions.DEFAULT);
        // A power loss before the intent's sync can leave it cut short: the live name without the generation.
        Path intent = stores.root.resolve(LibraryNames.intentName(LibraryNames.generationPrefix("live")));
        Files.write(intent, "live\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fs.recover(false).total()).isZero();
        assertThat(Files.exists(intent)).as("a dry run changes nothing").isTrue();
        assertThat(fs.recover(true).total()).isZero();
        assertThat(Files.exists(intent)).as("the torn intent is dropped").isFalse();
        assertThat(fs.read(VPath.of("live/f"))).isEqualTo(F);
        // The conversion can then happen for real.
        fs.atomicWrite(VPath.of("staged/g"), F, WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
        assertThat(fs.read(VPath.of("live/g"))).isEqualTo(F);
        assertThat(fs.exists(VPath.of("live/f"))).isFalse();
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aSwitchIntoADirectoryWhoseSyncFailed_isRefused_andTheStagedTreeKept() throws IOException {
        fs.atomicWrite(VPath.of("staged/f"), F, WriteOptions.DEFAULT);
        fs.mkdirs(VPath.of("p"));
        disk.failFlushesOf(d -> d.getFileName() != null && d.getFileName().toString().equals("p"));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("p/x"), F, WriteOptions.DEFAULT))
                .isInstanceOf(io.vikingfs.DurabilityLostException.class);
        disk.failFlushesOf(d -> false); // the device "recovers": the refusal must not depend on it failing again
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("staged"), VPath.of("p/live"), true))
                .isInstanceOf(io.vikingfs.DurabilityLostException.class).hasMessageContaining("p/live");
        assertThat(fs.exists(VPath.of("p/live"))).isFalse();
        assertThat(fs.read(VPath.of("staged/f"))).isEqualTo(F);
    }

    @Test
    void atomicWriteOntoALiveDirectory_saysItIsALiveDirectoryPointer_andLeavesIt() throws IOException {
        fs.atomicWrite(VPath.of("staged/f"), F, WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("live"), F, WriteOptions.durable(false)))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("live")
                .hasMessageContaining("is a symbolic link or a live-directory pointer")
                .hasMessageContaining("delete it first or write to another path");
        assertThat(fs.read(VPath.of("live/f"))).isEqualTo(F);
        assertThat(fs.recover(false).total()).as("no temp file left").isZero();
    }
}
