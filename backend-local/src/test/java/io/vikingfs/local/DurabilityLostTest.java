package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failed flush is final: the caller gets DurabilityLostException and the instance refuses further writes there. */
class DurabilityLostTest {
    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private FlushFailingDisk disk;

    private void open(String where) throws IOException {
        stores = Stores.on(where, tmp, d -> disk = new FlushFailingDisk(d));
        fs = stores.open();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void failedLogSync_reachesTheCaller_andLaterAppendsToThatLogAreRefused(String where) throws IOException {
        open(where);
        VPath log = VPath.of("s/log");
        fs.append(log, "one", true);
        disk.failFlushesOf(p -> p.getFileName().toString().equals("log"));
        assertThatThrownBy(() -> fs.append(log, "two", true))
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("s/log");
        disk.failFlushesOf(p -> false); // the device "recovers": a retry would prove nothing
        assertThatThrownBy(() -> fs.append(log, "three", false)).isInstanceOf(DurabilityLostException.class);
        fs.append(VPath.of("s/other"), "fine", true); // other files are unaffected
        fs.close();
        fs = stores.open(); // reopening clears the refusal
        fs.append(log, "four", true);
        assertThat(fs.readRecords(log).records()).containsExactly("one", "two", "four");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void failedTempSync_failsTheWrite_andLeavesTheOldContent(String where) throws IOException {
        open(where);
        VPath f = VPath.of("reg.json");
        fs.atomicWrite(f, utf8("old"), WriteOptions.DEFAULT);
        disk.failFlushesOf(p -> p.getFileName().toString().startsWith(".vfs-tmp-"));
        assertThatThrownBy(() -> fs.atomicWrite(f, utf8("new"), WriteOptions.durable(false)))
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("reg.json");
        assertThat(fs.read(f)).isEqualTo(utf8("old"));
        disk.failFlushesOf(p -> false);
        assertThatThrownBy(() -> fs.atomicWrite(f, utf8("newer"), WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class);
        assertThat(fs.recover(false).tempFiles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void failedDirectorySync_refusesWritesIntoThatDirectory(String where) throws IOException {
        open(where);
        fs.mkdirs(VPath.of("d"));
        disk.failFlushesOf(p -> p.getFileName() != null && p.getFileName().toString().equals("d"));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("d/f");
        disk.failFlushesOf(p -> false);
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d/g"), utf8("x"), WriteOptions.durable(false)))
                .isInstanceOf(DurabilityLostException.class);
        assertThatThrownBy(() -> fs.rename(VPath.of("d/f"), VPath.of("e"), RenameOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class);
        fs.atomicWrite(VPath.of("elsewhere"), utf8("y"), WriteOptions.DEFAULT);
    }

    /**
     * A refused write is not done: renames out of, into and of a directory whose sync failed, and deletes there, are
     * refused before anything moves (renaming the entry away would also carry it out of the refusal, its lost entry
     * then looking durable under the new name). Same for a log whose flush failed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void afterAFailedSync_renamesAndDeletesThereAreRefused_andMoveNothing(String where) throws IOException {
        open(where);
        VPath kept = VPath.of("d/kept");
        VPath outside = VPath.of("outside");
        VPath log = VPath.of("logs/log");
        fs.atomicWrite(kept, utf8("k"), WriteOptions.DEFAULT);
        fs.atomicWrite(outside, utf8("o"), WriteOptions.DEFAULT);
        fs.append(log, "one", true);
        disk.failFlushesOf(p -> p.getFileName() != null && p.getFileName().toString().equals("d"));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d/new"), utf8("x"), WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class);
        disk.failFlushesOf(p -> p.getFileName().toString().equals("log"));
        assertThatThrownBy(() -> fs.append(log, "two", true)).isInstanceOf(DurabilityLostException.class);
        disk.failFlushesOf(p -> false); // the device "recovers": the refusals stand until the store is reopened

        for (RenameOptions o : new RenameOptions[] {RenameOptions.DEFAULT, RenameOptions.DEFAULT.withDurable(false)}) {
            assertThatThrownBy(() -> fs.rename(kept, VPath.of("moved"), o))
                    .isInstanceOf(DurabilityLostException.class).hasMessageContaining("d/kept");
            assertThatThrownBy(() -> fs.rename(outside, VPath.of("d/in"), o))
                    .isInstanceOf(DurabilityLostException.class).hasMessageContaining("d/in");
            assertThatThrownBy(() -> fs.rename(VPath.of("d"), VPath.of("d2"), o))
                    .isInstanceOf(DurabilityLostException.class).hasMessageContaining("d");
            assertThatThrownBy(() -> fs.rename(log, VPath.of("log2"), o))
                    .isInstanceOf(DurabilityLostException.class).hasMessageContaining("logs/log");
        }
        assertThatThrownBy(() -> fs.rename(outside, log, RenameOptions.DEFAULT.withReplace(true)))
                .as("replacing the log whose flush failed").isInstanceOf(DurabilityLostException.class)
                .hasMessageContaining("logs/log");
        assertThatThrownBy(() -> fs.delete(kept)).isInstanceOf(DurabilityLostException.class)
                .hasMessageContaining("d/kept");
        assertThatThrownBy(() -> fs.deleteIfExists(kept)).isInstanceOf(DurabilityLostException.class);
        assertThatThrownBy(() -> fs.deleteRecursively(kept)).isInstanceOf(DurabilityLostException.class);
        assertThatThrownBy(() -> fs.deleteRecursively(VPath.of("d"))).isInstanceOf(DurabilityLostException.class);
        assertThatThrownBy(() -> fs.delete(log)).isInstanceOf(DurabilityLostException.class);

        assertThat(fs.read(kept)).isEqualTo(utf8("k"));
        assertThat(fs.read(outside)).isEqualTo(utf8("o"));
        assertThat(fs.readRecords(log).records()).containsExactly("one", "two");
        for (String gone : new String[] {"moved", "d/in", "d2", "log2"}) {
            assertThat(fs.exists(VPath.of(gone))).as(gone).isFalse();
        }
        fs.close();
        fs = stores.open(); // reopened: recovery has run, the refusals are lifted
        fs.rename(kept, VPath.of("moved"), RenameOptions.DEFAULT);
        fs.delete(log);
        assertThat(fs.read(VPath.of("moved"))).isEqualTo(utf8("k"));
        assertThat(fs.exists(log)).isFalse();
    }

    /** The sync of a rename link failed: nothing moved, and the link (the file's second name) is removed. */
    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void failedSyncOfARenameLink_failsTheRename_movingNothing_leavingNoLink(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("a/f"), utf8("x"), WriteOptions.DEFAULT);
        fs.mkdirs(VPath.of("b"));
        disk.failFlushesOf(p -> p.getFileName() != null && p.getFileName().toString().equals("b"));
        assertThatThrownBy(() -> fs.rename(VPath.of("a/f"), VPath.of("b/g"), RenameOptions.DEFAULT.withDurable(false)))
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("b/g");
        disk.failFlushesOf(p -> false);
        assertThat(fs.read(VPath.of("a/f"))).isEqualTo(utf8("x"));
        assertThat(fs.exists(VPath.of("b/g"))).isFalse();
        assertThat(stores.disk.list(stores.root.resolve("b"))).noneMatch(LibraryNames::isRenameLink);
    }

    /**
     * switchDirectory flushes a staged tree from several threads at once: every failed flush reaches the caller
     * (the first thrown, the others suppressed), none of the tree goes live, and each failed file is refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void failedFlushesOfAStagedTree_allReachTheCaller_andNothingGoesLive(String where) throws IOException {
        open(where);
        for (int i = 0; i < 200; i++) {
            fs.atomicWrite(VPath.of("staged/d" + i % 7 + "/f" + i), utf8("x" + i), WriteOptions.durable(false));
        }
        disk.failFlushesOf(p -> p.getFileName() != null && p.getFileName().toString().matches("f1[0-9]"));
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true))
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("staged")
                .satisfies(e -> assertThat(1 + e.getSuppressed().length).isEqualTo(10));
        assertThat(fs.exists(VPath.of("live"))).isFalse();
        disk.failFlushesOf(p -> false);
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("staged/d" + 13 % 7 + "/f13"), utf8("y"),
                WriteOptions.durable(false)))
                .isInstanceOf(DurabilityLostException.class);
    }
}
