package io.vikingfs.memory;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The power-loss model on its own: what each post-crash state keeps of unsynced data and directory entries. */
class PowerLossModelTest {
    private CrashableDisk disk;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = JimfsStores.newRoot("/store");
        disk = new CrashableDisk(new NioDisk(root).leavingKindChecksToCaller()); // as the memory store's
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

    /**
     * Every primitive step is a crash point, named after the step: the explorer takes its post-crash states at each
     * one (a step that told no listener would be a point where no crash is ever tried), and a failure names it.
     */
    @Test
    void everyStep_isACrashPoint_namedAfterIt() throws IOException {
        java.util.List<String> seen = new java.util.ArrayList<>();
        disk.onStep(s -> seen.add(s.lastStep()));
        disk.createDirectory(root.resolve("d"));
        try (DiskFile f = disk.createNew(root.resolve("d/a"))) {
            f.write(ByteBuffer.wrap(utf8("hello")), 0);
            f.writeImmutable(utf8("!"), 5);
            f.truncate(5);
            f.sync();
        }
        disk.syncDirectory(root.resolve("d"));
        disk.link(root.resolve("d/a"), root.resolve("d/b"));
        disk.rename(root.resolve("d/b"), root.resolve("d/c"));
        disk.delete(root.resolve("d/c"));
        disk.createSymlink(root.resolve("p"), "d");
        disk.onStep(null);
        disk.delete(root.resolve("p"));
        assertThat(seen).containsExactly("mkdir d", "create d/a", "write d/a @0 +5", "write d/a @5 +1",
                "truncate d/a to 5", "sync d/a", "sync dir d", "link d/b = d/a", "rename d/b -> d/c", "delete d/c",
                "symlink p -> d");
    }

    /**
     * A closed file no name reaches is swept; while a handle is open, it is kept (a write through it is a step). A
     * closed file takes no more writes.
     */
    @Test
    void closedUnreachableFiles_areSwept_openOnesKept() throws IOException {
        CrashableDisk sweeping = new CrashableDisk(new NioDisk(root).leavingKindChecksToCaller(), 4);
        DiskFile open = sweeping.createNew(root.resolve("open"));
        sweeping.delete(root.resolve("open"));
        for (int i = 0; i < 200; i++) {
            Path p = root.resolve("f" + i);
            try (DiskFile f = sweeping.createNew(p)) {
                f.writeImmutable(utf8("x"), 0);
                f.sync();
            }
            sweeping.delete(p);
            sweeping.syncDirectory(root);
        }
        assertThat(sweeping.modelNodes()).as("nodes kept after 200 files made and deleted").isLessThan(20);
        open.writeImmutable(utf8("still recorded"), 0);
        assertThat(sweeping.snapshot().pending()).hasSize(1);
        open.close();
        assertThatThrownBy(() -> open.writeImmutable(utf8("late"), 0)).as("a write through a closed file")
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThat(sweeping.snapshot().pending()).as("nothing recorded of it").hasSize(1);
    }

    /**
     * An immutable write is recorded as any write: one pending data step whose bytes a crash state may keep or
     * drop, and which the file's sync makes durable; later writes to the file see its bytes.
     */
    @Test
    void immutableWrites_areStepsLikeAnyWrite_keptAsAPrefix_orDropped() throws IOException {
        DiskFile f = disk.createNew(root.resolve("a"));
        f.writeImmutable(utf8("hello"), 0);
        f.writeImmutable(utf8(" world"), 5); // not a new file's first write: the model copies it into the content
        disk.syncDirectory(root);
        Snapshot s = disk.snapshot();
        assertThat(s.pending()).hasSize(2);
        assertThat(read(s.materialize(none()), "a")).isEmpty();
        assertThat(read(s.materialize(s.everything()), "a")).isEqualTo("hello world");
        BitSet firstOnly = new BitSet();
        firstOnly.set(0);
        assertThat(read(s.materialize(new Snapshot.Selection(firstOnly, Map.of(), -1)), "a")).isEqualTo("hello");
        f.sync();
        f.close();
        assertThat(disk.snapshot().pending()).isEmpty();
        assertThat(read(disk.snapshot().materialize(none()), "a")).isEqualTo("hello world");
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

    /**
     * rename(2)'s refusals, which Jimfs does not make and the disk below leaves to the model: decided from the kinds
     * it knows, or by asking the disk in a directory it does not know (made behind its back).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rename_neverChangesAKind_andARefusedOneChangesNothing(boolean knownToTheModel) throws IOException {
        Path in = root.resolve("in");
        if (knownToTheModel) {
            disk.createDirectory(in);
            disk.createDirectory(in.resolve("empty"));
        } else {
            Files.createDirectories(in.resolve("empty"));
        }
        disk.createNew(in.resolve("f")).close();
        disk.createDirectory(in.resolve("dir"));
        int steps = disk.snapshot().pending().size();

        assertThatThrownBy(() -> disk.rename(in.resolve("f"), in.resolve("empty")))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("Is a directory");
        assertThatThrownBy(() -> disk.rename(in.resolve("dir"), in.resolve("f")))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("Not a directory");

        assertThat(Files.isDirectory(in.resolve("empty"))).isTrue();
        assertThat(Files.isRegularFile(in.resolve("f"))).isTrue();
        assertThat(Files.isDirectory(in.resolve("dir"))).isTrue();
        assertThat(disk.snapshot().pending()).hasSize(steps);
        disk.rename(in.resolve("dir"), in.resolve("empty")); // a directory over an empty one: allowed
        assertThat(Files.exists(in.resolve("dir"))).isFalse();
    }

    @Test
    void aDirectoryMadeBehindTheModelsBack_failsARenameOverIt_whenAssertionsAreOn() throws IOException {
        assumeTrue(CrashableDisk.class.desiredAssertionStatus(), "assertions are off (surefire turns them on)");
        create("f", "x").close();
        Files.createDirectory(root.resolve("d")); // the model, not told, has "d" name nothing

        assertThatThrownBy(() -> disk.rename(root.resolve("f"), root.resolve("d")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("are not the disk's");
        assertThat(Files.isDirectory(root.resolve("d"))).isTrue();
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

    /**
     * The model's memory of what paths lead to ({@link PathKeys}) after the tree changes under a remembered path: a
     * step through such a path must be recorded in the node the path leads to now. Oracle: with every pending step
     * persisted, the post-crash tree is the live tree; a step recorded in a stale directory breaks that. (With
     * assertions on, as in every test run, the stale answer itself fails first.)
     */
    @Nested
    class RememberedPaths {
        private void written(String name, String data) throws IOException {
            create(name, data).close();
        }

        /** Every entry below the materialized state {@code dir}: a file's text, "dir", or a link's target. */
        private static Map<String, String> tree(Path dir) throws IOException {
            return tree(dir, Files::readAllBytes);
        }

        /** {@link #tree} of the live store, its files' bytes read through the disk (they are the model's). */
        private Map<String, String> live() throws IOException {
            return tree(root, p -> LiveBytes.read(disk, p));
        }

        private static Map<String, String> tree(Path dir, IOFunction<Path, byte[]> bytes) throws IOException {
            Map<String, String> out = new TreeMap<>();
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String rel = dir.relativize(p).toString();
                    out.put(rel, Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                            : new String(bytes.apply(p), StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        private interface IOFunction<T, R> {
            R apply(T t) throws IOException;
        }

        private void assertEverythingPersistedIsTheLiveTree() throws IOException {
            Snapshot s = disk.snapshot();
            assertThat(tree(s.materialize(s.everything()))).isEqualTo(live());
        }

        @Test
        void aDirectoryRenamedAway_andOneMadeAtItsName_getsTheStepsThroughThatName() throws IOException {
            disk.createDirectory(root.resolve("a"));
            written("a/x", "first");
            disk.rename(root.resolve("a/x"), root.resolve("a/y")); // a's key and a/y's entry remembered
            disk.rename(root.resolve("a"), root.resolve("b"));
            disk.createDirectory(root.resolve("a"));
            written("a/z", "second");
            disk.rename(root.resolve("a/z"), root.resolve("a/y"));

            assertThat(live()).containsEntry("a/y", "second").containsEntry("b/y", "first");
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void aSwitchedPointer_leadsStepsThroughItToItsNewTarget() throws IOException {
            disk.createDirectory(root.resolve("g1"));
            disk.createDirectory(root.resolve("g2"));
            disk.createSymlink(root.resolve("p"), "g1");
            disk.syncDirectory(root); // g1, g2 and p -> g1 durable
            written("p/f", "old");
            disk.syncDirectory(root.resolve("p")); // p, followed, remembered as g1
            disk.createSymlink(root.resolve("p2"), "g2");
            disk.rename(root.resolve("p2"), root.resolve("p"));
            written("p/f", "new");
            disk.syncDirectory(root.resolve("p"));

            assertThat(live()).containsEntry("g1/f", "old").containsEntry("g2/f", "new");
            assertEverythingPersistedIsTheLiveTree();
            // The sync through p made g2's entry durable, not g1's: a power loss keeps g2/f (empty: its data unsynced).
            Snapshot s = disk.snapshot();
            Map<String, String> synced = tree(s.materialize(none()));
            assertThat(synced).containsKey("g2/f");
        }

        @Test
        void aDirectoryRenamedOverAnotherOnesName_leadsItsFilesNamesToItsOwnFiles() throws IOException {
            disk.createDirectory(root.resolve("a"));
            written("a/x", "two");
            disk.createDirectory(root.resolve("b"));
            written("b/x", "one"); // b/x remembered as "one"'s node
            disk.rename(root.resolve("b"), root.resolve("c"));
            disk.rename(root.resolve("a"), root.resolve("b"));
            disk.rename(root.resolve("b/x"), root.resolve("b/y"));

            assertThat(live()).containsEntry("c/x", "one").containsEntry("b/y", "two");
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void aLinksTargetRenamedAway_andMadeAgain_getsTheStepsThroughTheLink() throws IOException {
            disk.createDirectory(root.resolve("g"));
            disk.createSymlink(root.resolve("p"), "g");
            written("p/f", "old");
            disk.syncDirectory(root.resolve("p")); // p, followed, remembered as g
            disk.rename(root.resolve("g"), root.resolve("g0"));
            disk.createDirectory(root.resolve("g"));
            written("p/f", "new");
            disk.syncDirectory(root.resolve("p"));

            assertThat(live()).containsEntry("g0/f", "old").containsEntry("g/f", "new");
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void aLinkReplacedByAFile_andMadeAgain_leadsStepsThroughItToItsNewTarget() throws IOException {
            disk.createDirectory(root.resolve("g1"));
            disk.createDirectory(root.resolve("g2"));
            disk.createSymlink(root.resolve("p"), "g1");
            written("p/f", "old"); // p/f's entry remembered: in g1
            written("t", "file");
            disk.rename(root.resolve("t"), root.resolve("p")); // p is a file now: no path leads through it
            disk.delete(root.resolve("p"));
            disk.createSymlink(root.resolve("p"), "g2");
            written("p/f", "new");

            assertThat(live()).containsEntry("g1/f", "old").containsEntry("g2/f", "new");
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void aDirectoryDeleted_andMadeAgain_getsTheStepsThroughItsName_evenAfterAFailedStepInIt() throws IOException {
            disk.createDirectory(root.resolve("d"));
            written("d/x", "gone");
            disk.syncDirectory(root.resolve("d"));
            disk.delete(root.resolve("d/x"));
            // A failed step leaves an answer for a name that names nothing: true while d is the same directory.
            assertThatThrownBy(() -> disk.delete(root.resolve("d/missing"))).isInstanceOf(IOException.class);
            disk.delete(root.resolve("d"));
            disk.createDirectory(root.resolve("d"));
            written("d/y", "kept");
            disk.rename(root.resolve("d/y"), root.resolve("d/missing"));
            disk.syncDirectory(root.resolve("d"));

            assertThat(live()).containsEntry("d/missing", "kept").doesNotContainKey("d/x");
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void aFileRenamedOverAFileName_andLinked_isFoundUnderItsNewNames() throws IOException {
            written("t1", "one");
            written("target", "zero");
            disk.rename(root.resolve("t1"), root.resolve("target"));
            written("t2", "two");
            disk.link(root.resolve("t2"), root.resolve("second"));
            disk.delete(root.resolve("t2"));
            disk.rename(root.resolve("second"), root.resolve("target"));

            assertThat(live()).containsEntry("target", "two").doesNotContainKeys("t1", "t2", "second");
            assertEverythingPersistedIsTheLiveTree();
        }

        @ParameterizedTest(name = "through {0}")
        @ValueSource(strings = {"t", "l"}) // the file itself, a link to it
        void aFailedStepThroughAFile_thenTheFileReplacedByADirectory_stepsThroughItLandInTheDirectory(String via)
                throws IOException {
            written("t", "file");
            disk.createSymlink(root.resolve("l"), "t");
            assertThatThrownBy(() -> disk.delete(root.resolve(via + "/x"))).isInstanceOf(IOException.class);
            disk.delete(root.resolve("t"));
            disk.createDirectory(root.resolve("t"));
            written(via + "/x", "below");

            assertThat(live()).containsEntry("t/x", "below");
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void whatEachStepLearns_isRemembered_aNameGoneKeepsOnlyItsEntry_andTheTablesStayBounded() throws IOException {
            for (int i = 0; i < 100; i++) {
                written("kept-" + i, "k");
            }
            int learnt = disk.modelPaths();
            assertThat(learnt).as("each created file's node and entry").isGreaterThanOrEqualTo(200);

            // One temp name made again and again (an in-memory store's atomic writes), renamed over one target or
            // deleted: what it named is forgotten once gone, its entry kept (a name's entry changes with its
            // directory alone); the target's node and entry are kept.
            for (int i = 0; i < PathKeys.MAX_PATHS + PathKeys.MAX_PATHS / 2; i++) { // not a multiple of the bound
                written("tmp", "v" + i);
                if (i % 2 == 0) {
                    disk.rename(root.resolve("tmp"), root.resolve("doc"));
                } else {
                    disk.delete(root.resolve("tmp"));
                }
            }
            assertThat(disk.modelPaths()).as("doc's node and entry, tmp's entry").isEqualTo(learnt + 3);
            written("tmp", "last");
            disk.rename(root.resolve("tmp"), root.resolve("doc")); // the loop ended on a delete: a rename, too
            assertThat(disk.modelPaths()).as("doc's node and entry, tmp's entry").isEqualTo(learnt + 3);

            for (int i = 0; i < 2 * PathKeys.MAX_PATHS; i++) {
                written("more-" + i, "m");
            }
            assertThat(disk.modelPaths()).as("at most MAX_PATHS per table").isLessThanOrEqualTo(3 * PathKeys.MAX_PATHS);
            assertEverythingPersistedIsTheLiveTree();
        }

        @Test
        void aChangeMadeBehindTheModelsBack_failsTheNextStepThroughIt_whenAssertionsAreOn() throws IOException {
            assumeTrue(PathKeys.class.desiredAssertionStatus(), "assertions are off (surefire turns them on)");
            disk.createDirectory(root.resolve("a"));
            written("a/x", "v");
            Files.move(root.resolve("a"), root.resolve("b")); // not through the disk: the model is not told
            Files.createDirectory(root.resolve("a"));

            assertThatThrownBy(() -> written("a/y", "w"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("a change of the tree was not reported");
        }
    }

    /**
     * A file's bytes on the {@link CrashableDisk} are the crash model's alone: written, read, sized, cut and stamped
     * there, never copied into the Jimfs file below (which stays empty), with the refusals a file channel makes. A
     * file made beneath the disk, which the model never saw, keeps its bytes in Jimfs.
     */
    @Nested
    class BytesHeldByTheModel {
        private static String text(ByteBuffer b) {
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }

        @Test
        void writtenBytes_areReadSizedAndStatted_fromTheModel_theJimfsFileStaysEmpty() throws IOException {
            Path a = root.resolve("a");
            try (DiskFile f = disk.createNew(a)) {
                f.write(ByteBuffer.wrap(utf8("hello")), 0);
                f.writeImmutable(utf8(" world"), 5);
                assertThat(f.size()).isEqualTo(11);
                ByteBuffer three = ByteBuffer.allocate(3);
                assertThat(f.read(three, 6)).isEqualTo(3);
                assertThat(text(three)).isEqualTo("wor");
                assertThat(f.read(ByteBuffer.allocate(4), 11)).isEqualTo(-1);
                assertThat(f.read(ByteBuffer.allocate(0), 0)).isZero();
            }
            assertThat(disk.stat(a).size()).isEqualTo(11);
            assertThat(new String(LiveBytes.read(disk, a), StandardCharsets.UTF_8)).isEqualTo("hello world");
            assertThat(Files.size(a)).as("no second copy in Jimfs").isZero();

            try (DiskFile f = disk.openWrite(a)) {
                f.truncate(5);
                f.truncate(100); // never extends, as ftruncate through a channel does not
                f.write(ByteBuffer.wrap(utf8("!")), 7); // past the end: the gap reads as zeros
            }
            assertThat(LiveBytes.read(disk, a)).isEqualTo(utf8("hello\0\0!"));
            assertThat(disk.stat(a).size()).isEqualTo(8);
        }

        @Test
        void aWrite_consumesItsBuffer_asAChannelWriteDoes() throws IOException {
            try (DiskFile f = disk.createNew(root.resolve("a"))) {
                ByteBuffer src = ByteBuffer.wrap(utf8("xxabcxx")).position(2).limit(5);
                f.write(src, 0);
                assertThat(src.position()).isEqualTo(5);
                assertThat(src.remaining()).isZero();
            }
            assertThat(LiveBytes.read(disk, root.resolve("a"))).isEqualTo(utf8("abc"));
        }

        @Test
        void aWrite_stampsTheFilesModificationTime() throws IOException, InterruptedException {
            Path a = root.resolve("a");
            try (DiskFile f = disk.createNew(a)) {
                long made = disk.stat(a).modifiedNanos();
                Thread.sleep(5);
                long before = nanos(Instant.now());
                f.write(ByteBuffer.wrap(utf8("x")), 0);
                long stamped = disk.stat(a).modifiedNanos();
                assertThat(stamped).isGreaterThan(made).isGreaterThanOrEqualTo(before)
                        .isLessThanOrEqualTo(nanos(Instant.now()));
            }
        }

        private static long nanos(Instant t) {
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }

        @Test
        void aClosedHandle_andAWriteThroughAReadHandle_areRefused_andChangeNothing() throws IOException {
            Path a = root.resolve("a");
            DiskFile w = disk.createNew(a);
            w.write(ByteBuffer.wrap(utf8("kept")), 0);
            w.close();
            assertThatThrownBy(() -> w.write(ByteBuffer.wrap(utf8("lost")), 0)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> w.writeImmutable(utf8("lost"), 0)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> w.truncate(0)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> w.read(ByteBuffer.allocate(4), 0)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(w::size).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(w::sync).isInstanceOf(ClosedChannelException.class);
            long steps = disk.snapshot().pending().size();
            try (DiskFile r = disk.openRead(a)) {
                assertThatThrownBy(() -> r.write(ByteBuffer.wrap(utf8("lost")), 0))
                        .isInstanceOf(NonWritableChannelException.class);
                assertThatThrownBy(() -> r.truncate(0)).isInstanceOf(NonWritableChannelException.class);
                assertThatThrownBy(() -> r.write(ByteBuffer.wrap(utf8("lost")), -1))
                        .isInstanceOf(NonWritableChannelException.class);
            }
            try (DiskFile f = disk.openWrite(a)) {
                assertThatThrownBy(() -> f.write(ByteBuffer.wrap(utf8("lost")), -1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position -1");
                assertThatThrownBy(() -> f.writeImmutable(utf8("lost"), -1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position -1");
                assertThatThrownBy(() -> f.truncate(-1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position -1");
                // The model holds a file in one array: past 2 GiB it refuses, and says why, instead of overflowing.
                assertThatThrownBy(() -> f.truncate(Integer.MAX_VALUE + 1L))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 GiB");
                assertThatThrownBy(() -> f.write(ByteBuffer.wrap(utf8("lost")), Integer.MAX_VALUE - 3L))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 GiB");
            }
            assertThat(disk.snapshot().pending()).as("no step recorded").hasSize((int) steps);
            assertThat(LiveBytes.read(disk, a)).isEqualTo(utf8("kept"));
            try (DiskFile f = disk.openWrite(a)) {
                f.truncate(Integer.MAX_VALUE); // the largest size there is: never extends, so changes nothing
            }
            assertThat(LiveBytes.read(disk, a)).isEqualTo(utf8("kept"));
        }

        @Test
        void closingAHandle_closesTheJimfsChannelBelow() throws IOException {
            DiskFile f = disk.createNew(root.resolve("log"));
            f.close();
            // Locks are the channel's: a lock through the closed handle would be taken on a channel left open.
            assertThatThrownBy(f::tryLock).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(f::lock).isInstanceOf(ClosedChannelException.class);
        }

        @Test
        void aFileMadeBeneathTheDisk_keepsItsBytesInJimfs() throws IOException {
            Path planted = root.resolve("planted");
            Files.write(planted, utf8("foreign"));
            DiskStat st = disk.stat(planted);
            assertThat(st.size()).isEqualTo(7);
            assertThat(LiveBytes.read(disk, planted)).isEqualTo(utf8("foreign"));
            try (DiskFile f = disk.openWrite(planted)) {
                ByteBuffer all = ByteBuffer.allocate(16);
                assertThat(f.read(all, 0)).isEqualTo(7);
                f.write(ByteBuffer.wrap(utf8("!")), 7);
                f.writeImmutable(utf8("?"), 8);
                assertThat(f.size()).isEqualTo(9);
                f.sync();
            }
            assertThat(Files.readAllBytes(planted)).isEqualTo(utf8("foreign!?"));
            try (DiskFile f = disk.openWrite(planted)) {
                f.truncate(3);
            }
            assertThat(Files.readAllBytes(planted)).isEqualTo(utf8("for"));
            assertThat(disk.stat(planted).size()).isEqualTo(3);
        }
    }
}
