package io.vikingfs.memory;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The power-loss model on its own: what each post-crash state keeps of unsynced data and directory entries. */
class PowerLossModelTest {
    private CrashableDisk disk;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = JimfsStores.newRoot("/store");
        disk = new CrashableDisk(new NioDisk(root));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private DiskFile create(String name, String data) throws IOException {
        DiskFile f = disk.createNew(root.resolve(name));
        f.write(ByteBuffer.wrap(utf8(data)), 0);
        return f;
    }

    private static Snapshot.Selection none() {
        return new Snapshot.Selection(new BitSet(), Map.of(), -1);
    }

    private static String read(Path root, String name) throws IOException {
        Path p = root.resolve(name);
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : null;
    }

    @Test
    void unsyncedCreate_syncedOnly_leavesNoFile_everything_leavesItsBytes() throws IOException {
        create("a", "hello").close();
        Snapshot s = disk.snapshot();
        assertThat(read(s.materialize(none()), "a")).isNull();
        assertThat(read(s.materialize(s.everything()), "a")).isEqualTo("hello");
    }

    @Test
    void syncedDirectoryEntry_withoutDataSync_leavesAnEmptyFile() throws IOException {
        create("a", "hello").close();
        disk.syncDirectory(root);
        Snapshot s = disk.snapshot();
        assertThat(read(s.materialize(none()), "a")).isEmpty();
    }

    @Test
    void completedSyncs_areABarrier_forEveryLaterState() throws IOException {
        DiskFile f = create("a", "hello");
        f.sync();
        disk.syncDirectory(root);
        f.write(ByteBuffer.wrap(utf8(" world")), 5);
        Snapshot s = disk.snapshot();
        assertThat(s.pending()).hasSize(1);
        assertThat(read(s.materialize(none()), "a")).isEqualTo("hello");
        assertThat(read(s.materialize(s.everything()), "a")).isEqualTo("hello world");
    }

    @Test
    void tornAppend_keepsAPrefix_thenZeros_neverSyncedBytesCut() throws IOException {
        DiskFile f = create("log", "r1\n");
        f.sync();
        disk.syncDirectory(root);
        f.write(ByteBuffer.wrap(utf8("r2\n")), 3);
        Snapshot s = disk.snapshot();
        Object key = s.pending().get(0).file();
        Snapshot.Selection torn = new Snapshot.Selection(s.everything().persisted(),
                Map.of(key, new Snapshot.Tear(4, 6)), -1);
        assertThat(read(s.materialize(torn), "log")).isEqualTo("r1\nr\0\0");
        Snapshot.Selection overCut = new Snapshot.Selection(s.everything().persisted(),
                Map.of(key, new Snapshot.Tear(1, 1)), -1);
        assertThat(read(s.materialize(overCut), "log")).isEqualTo("r1\n");
    }

    @Test
    void dataStepsOfOneFile_persistAsAPrefix_noHoles() throws IOException {
        DiskFile f = create("log", "a\n");
        f.write(ByteBuffer.wrap(utf8("b\n")), 2);
        f.write(ByteBuffer.wrap(utf8("c\n")), 4);
        disk.syncDirectory(root);
        Snapshot s = disk.snapshot();
        BitSet skipSecond = s.everything().persisted();
        skipSecond.clear(1);
        assertThat(read(s.materialize(new Snapshot.Selection(skipSecond, Map.of(), -1)), "log")).isEqualTo("a\n");
    }

    @Test
    void rename_isOneStep_theFileIsAtExactlyOneName() throws IOException {
        DiskFile f = create("tmp", "new");
        f.sync();
        f.close();
        disk.syncDirectory(root);
        disk.rename(root.resolve("tmp"), root.resolve("a"));
        Snapshot s = disk.snapshot();
        Path before = s.materialize(none());
        assertThat(read(before, "tmp")).isEqualTo("new");
        assertThat(read(before, "a")).isNull();
        Path after = s.materialize(s.everything());
        assertThat(read(after, "tmp")).isNull();
        assertThat(read(after, "a")).isEqualTo("new");
    }

    @Test
    void processCrashInAWrite_landsOnlyItsFirstBytes() throws IOException {
        DiskFile f = create("log", "r1\n");
        f.sync();
        disk.syncDirectory(root);
        f.write(ByteBuffer.wrap(utf8("r2-long\n")), 3);
        Snapshot s = disk.snapshot();
        Snapshot.Selection partial = new Snapshot.Selection(s.everything().persisted(), Map.of(), 2);
        assertThat(read(s.materialize(partial), "log")).isEqualTo("r1\nr2");
    }

    @Test
    void newDirectory_notSyncedInItsParent_losesEverythingBelowIt() throws IOException {
        disk.createDirectory(root.resolve("d"));
        DiskFile f = disk.createNew(root.resolve("d/x"));
        f.write(ByteBuffer.wrap(utf8("x")), 0);
        f.sync();
        disk.syncDirectory(root.resolve("d"));
        Snapshot s = disk.snapshot();
        assertThat(Files.exists(s.materialize(none()).resolve("d"))).isFalse();
        assertThat(read(s.materialize(s.everything()), "d/x")).isEqualTo("x");
    }

    @Test
    void hardLinks_stayOneFile_andUnsyncedUnlinksMayComeBack() throws IOException {
        DiskFile f = create("tmp", "v");
        f.sync();
        disk.syncDirectory(root);
        disk.link(root.resolve("tmp"), root.resolve("a"));
        disk.delete(root.resolve("tmp"));
        Snapshot s = disk.snapshot();
        assertThat(s.pending()).hasSize(2);
        BitSet onlyLink = new BitSet();
        onlyLink.set(0);
        Path both = s.materialize(new Snapshot.Selection(onlyLink, Map.of(), -1));
        assertThat(read(both, "a")).isEqualTo("v");
        assertThat(read(both, "tmp")).isEqualTo("v");
        assertThat(Files.isSameFile(both.resolve("a"), both.resolve("tmp"))).isTrue();
    }

    @Test
    void crossDirectoryRename_syncingEitherDirectory_makesAllOfItDurable_neverHalfDone() throws IOException {
        disk.createDirectory(root.resolve("d"));
        DiskFile f = create("a", "v");
        f.sync();
        f.close();
        disk.syncDirectory(root);
        disk.rename(root.resolve("a"), root.resolve("d/c"));
        disk.syncDirectory(root.resolve("d"));
        Snapshot s = disk.snapshot();
        Path after = s.materialize(none());
        assertThat(read(after, "d/c")).isEqualTo("v");
        assertThat(read(after, "a")).isNull();
    }

    @Test
    void replacedFiles_areForgotten_soTheModelStaysBounded_andTheLastOneSurvives() throws IOException {
        for (int i = 0; i < 1000; i++) {
            DiskFile f = create("tmp", "v" + i);
            f.sync();
            f.close();
            disk.rename(root.resolve("tmp"), root.resolve("a"));
            disk.syncDirectory(root);
        }
        assertThat(disk.modelNodes()).isLessThan(200); // 1,000 replaced files were in it before the sweep
        Snapshot s = disk.snapshot();
        assertThat(read(s.materialize(none()), "a")).isEqualTo("v999");
        assertThat(read(s.materialize(s.everything()), "a")).isEqualTo("v999");
    }

    /**
     * A rolled log (written, synced, deleted) is forgotten after a few megabytes more are written, not only once
     * the nodes have doubled past the slack: 20 logs of 1 MiB, each deleted before the next, leave a handful of
     * nodes (21 without the byte count: the node count alone never reaches 2 x 1 + 64), and the last log stays whole.
     */
    @Test
    void deletedLogs_areForgottenWithinAFewMegabytesWritten_andTheLiveOneSurvives() throws IOException {
        byte[] record = new byte[64 * 1024];
        java.util.Arrays.fill(record, (byte) 'x');
        for (int i = 0; i < 20; i++) {
            DiskFile f = disk.createNew(root.resolve("log"));
            for (int k = 0; k < 16; k++) {
                f.write(ByteBuffer.wrap(record), (long) k * record.length);
            }
            f.sync();
            f.close();
            disk.syncDirectory(root);
            if (i < 19) {
                disk.delete(root.resolve("log"));
                disk.syncDirectory(root);
            }
        }
        assertThat(disk.modelNodes()).as("nodes kept of 20 logs written and 19 deleted").isLessThan(10);
        Snapshot s = disk.snapshot();
        assertThat(Files.size(s.materialize(s.everything()).resolve("log"))).isEqualTo(16L * record.length);
    }

    /** A pending write's step holds exactly the bytes written, whatever is written over or after them later. */
    @Test
    void aPendingWrite_keepsItsBytes_whenTheFileIsWrittenAgain() throws IOException {
        DiskFile f = create("a", "first");
        f.write(ByteBuffer.wrap(utf8("xxSECONDyy")), 5); // the whole buffer
        ByteBuffer part = ByteBuffer.wrap(utf8("..third..")).position(2).limit(7);
        f.write(part, 2); // over the first, from inside a larger buffer
        assertThat(part.position()).as("moved by the write only").isEqualTo(7);
        Snapshot s = disk.snapshot();
        assertThat(s.pending()).filteredOn(PowerLossModel.Step::isData).extracting(step -> new String(step.op().bytes(),
                StandardCharsets.UTF_8)).containsExactly("first", "xxSECONDyy", "third");
        assertThat(s.current(s.pending().get(s.pending().size() - 1).file())).isEqualTo(utf8("fithirdSECONDyy"));
    }

    @Test
    void writeThroughAnOpenHandle_ofADeletedFile_isStillAStep_afterASweep() throws IOException {
        CrashableDisk sweeping = new CrashableDisk(new NioDisk(root), 0);
        DiskFile f = sweeping.createNew(root.resolve("a"));
        sweeping.syncDirectory(root);
        sweeping.delete(root.resolve("a"));
        sweeping.syncDirectory(root);
        for (int i = 0; i < 20; i++) {
            sweeping.createNew(root.resolve("x" + i)).close(); // each creation may sweep
        }
        sweeping.syncDirectory(root);
        f.write(ByteBuffer.wrap(utf8("late")), 0);
        Snapshot s = sweeping.snapshot();
        assertThat(s.pending()).singleElement().satisfies(step -> {
            assertThat(step.isData()).isTrue();
            assertThat(s.current(step.file())).isEqualTo(utf8("late"));
        });
        assertThat(read(s.materialize(s.everything()), "a")).isNull();
    }
}
