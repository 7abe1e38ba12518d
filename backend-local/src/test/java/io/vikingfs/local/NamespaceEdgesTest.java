package io.vikingfs.local;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Namespace steps only another writer, a failing disk or an earlier crash leads to: a file replaced at its source
 * while it is renamed across directories (between its rename link and the rename), its link failing, and an empty
 * directory that still holds an abandoned generation. Each ends in a rename of one whole version or a refusal that
 * moved nothing, with no rename link left on disk or registered in flight.
 */
class NamespaceEdgesTest {
    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private LinkHookDisk disk;

    /** What happens at the source right after each rename link is made (or instead of making it). */
    private interface AtLink {
        void run(Disk below, Path source, Path link) throws IOException;
    }

    /** Records every rename link the protocols make, running {@link #atLink} on each. */
    private static final class LinkHookDisk extends ForwardingDisk {
        final List<Path> links = new CopyOnWriteArrayList<>();
        volatile AtLink atLink = (below, source, link) -> below.link(source, link);

        LinkHookDisk(Disk delegate) {
            super(delegate);
        }

        @Override
        public void link(Path existing, Path link) throws IOException {
            if (!LibraryNames.isRenameLink(link.getFileName().toString())) {
                super.link(existing, link);
                return;
            }
            links.add(link);
            atLink.run(delegate(), existing, link);
        }
    }

    @AfterEach
    void close() throws IOException {
        if (stores != null) {
            stores.close();
        }
    }

    private static final VPath SRC = VPath.of("a/f");
    private static final VPath DST = VPath.of("b/g");

    /** A store holding {@code a/f} = "v0". */
    private void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> disk = new LinkHookDisk(d));
        fs = stores.open();
        fs.atomicWrite(SRC, utf8("v0"), WriteOptions.DEFAULT);
    }

    private void rename() throws IOException {
        fs.rename(SRC, DST, RenameOptions.DEFAULT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces {@code file} by a new file (a new inode) holding {@code content}, as another writer's rename would. */
    private static void replace(Disk below, Path file, String content) throws IOException {
        Path fresh = file.resolveSibling(LibraryNames.newTempName());
        try (DiskFile f = below.createNew(fresh)) {
            f.write(ByteBuffer.wrap(utf8(content)), 0);
        }
        below.rename(fresh, file);
    }

    private void assertNoLinkLeft() throws IOException {
        assertThat(disk.links).as("the renames made rename links").isNotEmpty();
        for (Path link : disk.links) {
            assertThat(stores.disk.stat(link)).as("rename link %s left on disk", link).isNull();
            assertThat(TempFiles.inFlight(link)).as("rename link %s still registered in flight", link).isFalse();
        }
    }

    @Test
    void aSourceReplacedAfterItsLink_isRenamedAsTheNewerFile_throughAFreshLink() throws IOException {
        open();
        fs.mkdirs(VPath.of("b"));
        int[] replaced = {0};
        disk.atLink = (below, source, link) -> {
            below.link(source, link);
            if (replaced[0]++ == 0) {
                replace(below, source, "v1"); // the link now names the old file, no longer the one at src
            }
        };
        rename();
        assertThat(fs.read(DST)).isEqualTo(utf8("v1"));
        assertThat(fs.exists(SRC)).isFalse();
        assertThat(disk.links).as("a second link, for the file now at src").hasSize(2);
        assertNoLinkLeft();
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aSourceReplacedAtEveryAttempt_isRefusedAfterABoundedNumberOfAttempts_movingNothing() throws IOException {
        open();
        fs.mkdirs(VPath.of("b"));
        int[] version = {0};
        disk.atLink = (below, source, link) -> {
            below.link(source, link);
            replace(below, source, "v" + ++version[0]);
        };
        assertThatThrownBy(this::rename)
                .isInstanceOf(VikingFsException.class).hasMessageContaining("a/f")
                .hasMessageContaining("keeps being replaced").hasMessageContaining("nothing moved");
        assertThat(version[0]).as("attempts before giving up").isEqualTo(17);
        assertThat(fs.read(SRC)).isEqualTo(utf8("v17"));
        assertThat(fs.exists(DST)).isFalse();
        assertNoLinkLeft();
    }

    @Test
    void aLinkThatCannotBeMade_leavesTheMoveToRename2Alone() throws IOException {
        open();
        disk.atLink = (below, source, link) -> {
            throw new IOException("injected: this file system has no hard links");
        };
        rename();
        assertThat(fs.read(DST)).isEqualTo(utf8("v0"));
        assertThat(fs.exists(SRC)).isFalse();
        assertNoLinkLeft();
    }

    @Test
    void aSourceRemovedBeforeItsLink_isReportedMissing_andNothingMoves() throws IOException {
        open();
        disk.atLink = (below, source, link) -> {
            below.delete(source); // another writer's delete, between the rename's lookup and its link
            below.link(source, link);
        };
        assertThatThrownBy(this::rename)
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("a/f")
                .hasMessageContaining("nothing moved");
        assertThat(fs.exists(DST)).isFalse();
        assertNoLinkLeft();
    }

    @Test
    void delete_ofADirectoryHoldingOnlyAnAbandonedGeneration_removesIt() throws IOException {
        open();
        fs.mkdirs(VPath.of("d"));
        Path d = stores.root.resolve("d");
        Path generation = d.resolve(LibraryNames.generationName("x", 3)); // a crashed switch's leftover
        stores.disk.createDirectory(generation);
        stores.disk.createDirectory(generation.resolve("sub"));
        try (DiskFile f = stores.disk.createNew(generation.resolve("sub/file"))) {
            f.write(ByteBuffer.wrap(utf8("left")), 0);
        }
        fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT); // leaves d's .vfs-lock
        fs.delete(VPath.of("d/f"));
        fs.delete(VPath.of("d"));
        assertThat(fs.exists(VPath.of("d"))).isFalse();
        assertThat(stores.disk.stat(d)).isNull();
    }
}
