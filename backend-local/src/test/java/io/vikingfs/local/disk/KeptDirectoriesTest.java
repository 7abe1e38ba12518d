package io.vikingfs.local.disk;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link NioDisk#syncDirectory} through the directory descriptors it keeps ({@link KeptDirectories}): one open per
 * directory, never a directory that was replaced at the path synced in the new one's stead, at most
 * {@link KeptDirectories#MAX_OPEN} kept, all closed with the store.
 */
class KeptDirectoriesTest {
    @TempDir
    Path tmp;

    private final RecordingChannels channels = new RecordingChannels(Integer.MAX_VALUE);

    private NioDisk disk() {
        return new NioDisk(tmp, PosixFilePermissions.fromString("rw-------"), NioDisk.DEFAULT_DIRECTORY_PERMISSIONS,
                channels);
    }

    private FileChannel lastForced() {
        return channels.forcedBy.get(channels.forcedBy.size() - 1);
    }

    @Test
    void aDirectory_isOpenedOnce_andSyncedThroughItsDescriptor_untilAnotherDirectoryTakesItsPath() throws IOException {
        NioDisk d = disk();
        Path dir = Files.createDirectory(tmp.resolve("d"));
        d.syncDirectory(dir);
        d.syncDirectory(dir);
        assertThat(channels.opened).hasSize(1);
        assertThat(channels.forcedBy).containsExactly(channels.opened.get(0), channels.opened.get(0));

        // Replaced by a rename (the old one lives on under another name, so its identity cannot be reused): the
        // sync must reach the directory now at the path, not the one the kept descriptor still holds.
        Files.move(dir, tmp.resolve("d-old"));
        Files.createDirectory(dir);
        d.syncDirectory(dir);
        assertThat(channels.opened).hasSize(2);
        assertThat(lastForced()).isSameAs(channels.opened.get(1));
        assertThat(channels.opened.get(0).isOpen()).as("the replaced directory's descriptor is closed").isFalse();

        // Removed: the sync fails as it would by opening the path, and nothing is synced.
        Files.delete(dir);
        int forces = channels.forces.size();
        assertThatThrownBy(() -> d.syncDirectory(dir)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(channels.forces).hasSize(forces);
    }

    @Test
    void aKeptDescriptorClosedMeanwhile_isReplacedByAFreshOne() throws IOException {
        NioDisk d = disk();
        Path dir = Files.createDirectory(tmp.resolve("d"));
        d.syncDirectory(dir);
        channels.opened.get(0).close(); // as an eviction or another thread's interrupt would
        assertTheNextSyncOpensTheDirectoryAgain(d, dir);
    }

    private void assertTheNextSyncOpensTheDirectoryAgain(NioDisk d, Path dir) throws IOException {
        int opened = channels.opened.size();
        d.syncDirectory(dir);
        assertThat(channels.opened).hasSize(opened + 1);
        assertThat(lastForced()).isSameAs(channels.opened.get(opened));
    }

    @Test
    void anInterruptedSync_throws_andTheNextOneOpensTheDirectoryAgain() throws IOException {
        NioDisk d = disk();
        Path dir = Files.createDirectory(tmp.resolve("d"));
        d.syncDirectory(dir);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> d.syncDirectory(dir)).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }
        assertTheNextSyncOpensTheDirectoryAgain(d, dir);
    }

    @Test
    void atMostMaxOpenAreKept_andCloseKeptClosesThem_theDiskStayingUsable() throws IOException {
        NioDisk d = disk();
        int dirs = KeptDirectories.MAX_OPEN + 10;
        for (int i = 0; i < dirs; i++) {
            d.syncDirectory(Files.createDirectory(tmp.resolve("d" + i)));
        }
        assertThat(channels.opened).hasSize(dirs);
        assertThat(channels.opened.stream().filter(FileChannel::isOpen).count())
                .isBetween(1L, (long) KeptDirectories.MAX_OPEN);
        d.closeKept();
        assertThat(channels.opened).noneMatch(FileChannel::isOpen);
        d.syncDirectory(tmp.resolve("d0"));
        assertThat(lastForced()).isSameAs(channels.opened.get(dirs));
    }

    /** A store closes the descriptors its disk kept for it, through every decorator (here a counting one). */
    @Test
    void closingAStore_closesTheDirectoryDescriptorsItsDiskKept() throws IOException {
        LocalVikingFs fs = LocalVikingFs.open(new CountingDisk(disk()), LocalOptions.DEFAULT);
        fs.atomicWrite(VPath.of("a/doc"), "x".getBytes(StandardCharsets.UTF_8), WriteOptions.durable(true));
        fs.atomicWrite(VPath.of("a/doc"), "y".getBytes(StandardCharsets.UTF_8), WriteOptions.durable(true));
        assertThat(channels.opened.stream().filter(c -> c.isOpen() && channels.forcedBy.contains(c)))
                .as("directory descriptors kept while the store is open").isNotEmpty();
        fs.close();
        assertThat(channels.opened).noneMatch(FileChannel::isOpen);
    }
}
