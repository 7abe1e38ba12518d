package io.vikingfs.memory;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model's memory of what paths lead to ({@link PathKeys}) after the tree changes under a remembered path: a
 * step through such a path must be recorded in the node the path leads to now. Oracle: with every pending step
 * persisted, the post-crash tree is the live tree; a step recorded in a stale directory breaks that. (With
 * assertions on, as in every test run, the stale answer itself fails first.)
 */
class PathKeysTest {
    private CrashableDisk disk;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = JimfsStores.newRoot("/store");
        disk = new CrashableDisk(new NioDisk(root));
    }

    private void create(String name, String data) throws IOException {
        try (DiskFile f = disk.createNew(root.resolve(name))) {
            f.write(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)), 0);
        }
    }

    /** Every entry below {@code dir}: a file's text, "dir", or a link's target. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = dir.relativize(p).toString();
                out.put(rel, Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void assertEverythingPersistedIsTheLiveTree() throws IOException {
        Snapshot s = disk.snapshot();
        assertThat(tree(s.materialize(s.everything()))).isEqualTo(tree(root));
    }

    @Test
    void aDirectoryRenamedAway_andOneMadeAtItsName_getsTheStepsThroughThatName() throws IOException {
        disk.createDirectory(root.resolve("a"));
        create("a/x", "first");
        disk.rename(root.resolve("a/x"), root.resolve("a/y")); // a's key and a/y's entry remembered
        disk.rename(root.resolve("a"), root.resolve("b"));
        disk.createDirectory(root.resolve("a"));
        create("a/z", "second");
        disk.rename(root.resolve("a/z"), root.resolve("a/y"));

        assertThat(tree(root)).containsEntry("a/y", "second").containsEntry("b/y", "first");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aSwitchedPointer_leadsStepsThroughItToItsNewTarget() throws IOException {
        disk.createDirectory(root.resolve("g1"));
        disk.createDirectory(root.resolve("g2"));
        disk.createSymlink(root.resolve("p"), "g1");
        disk.syncDirectory(root); // g1, g2 and p -> g1 durable
        create("p/f", "old");
        disk.syncDirectory(root.resolve("p")); // p, followed, remembered as g1
        disk.createSymlink(root.resolve("p2"), "g2");
        disk.rename(root.resolve("p2"), root.resolve("p"));
        create("p/f", "new");
        disk.syncDirectory(root.resolve("p"));

        assertThat(tree(root)).containsEntry("g1/f", "old").containsEntry("g2/f", "new");
        assertEverythingPersistedIsTheLiveTree();
        // The sync through p made g2's entry durable, not g1's: a power loss keeps g2/f (empty: its data unsynced).
        Snapshot s = disk.snapshot();
        Map<String, String> synced = tree(s.materialize(new Snapshot.Selection(new BitSet(), Map.of(), -1)));
        assertThat(synced).containsKey("g2/f");
    }

    @Test
    void aDirectoryRenamedOverAnotherOnesName_leadsItsFilesNamesToItsOwnFiles() throws IOException {
        disk.createDirectory(root.resolve("a"));
        create("a/x", "two");
        disk.createDirectory(root.resolve("b"));
        create("b/x", "one"); // b/x remembered as "one"'s node
        disk.rename(root.resolve("b"), root.resolve("c"));
        disk.rename(root.resolve("a"), root.resolve("b"));
        disk.rename(root.resolve("b/x"), root.resolve("b/y"));

        assertThat(tree(root)).containsEntry("c/x", "one").containsEntry("b/y", "two");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aLinksTargetRenamedAway_andMadeAgain_getsTheStepsThroughTheLink() throws IOException {
        disk.createDirectory(root.resolve("g"));
        disk.createSymlink(root.resolve("p"), "g");
        create("p/f", "old");
        disk.syncDirectory(root.resolve("p")); // p, followed, remembered as g
        disk.rename(root.resolve("g"), root.resolve("g0"));
        disk.createDirectory(root.resolve("g"));
        create("p/f", "new");
        disk.syncDirectory(root.resolve("p"));

        assertThat(tree(root)).containsEntry("g0/f", "old").containsEntry("g/f", "new");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aLinkReplacedByAFile_andMadeAgain_leadsStepsThroughItToItsNewTarget() throws IOException {
        disk.createDirectory(root.resolve("g1"));
        disk.createDirectory(root.resolve("g2"));
        disk.createSymlink(root.resolve("p"), "g1");
        create("p/f", "old"); // p/f's entry remembered: in g1
        create("t", "file");
        disk.rename(root.resolve("t"), root.resolve("p")); // p is a file now: no path leads through it
        disk.delete(root.resolve("p"));
        disk.createSymlink(root.resolve("p"), "g2");
        create("p/f", "new");

        assertThat(tree(root)).containsEntry("g1/f", "old").containsEntry("g2/f", "new");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aDirectoryDeleted_andMadeAgain_getsTheStepsThroughItsName_evenAfterAFailedStepInIt() throws IOException {
        disk.createDirectory(root.resolve("d"));
        create("d/x", "gone");
        disk.syncDirectory(root.resolve("d"));
        disk.delete(root.resolve("d/x"));
        // A failed step leaves an answer for a name that names nothing: true while d is the same directory.
        assertThatThrownBy(() -> disk.delete(root.resolve("d/missing"))).isInstanceOf(IOException.class);
        disk.delete(root.resolve("d"));
        disk.createDirectory(root.resolve("d"));
        create("d/y", "kept");
        disk.rename(root.resolve("d/y"), root.resolve("d/missing"));
        disk.syncDirectory(root.resolve("d"));

        assertThat(tree(root)).containsEntry("d/missing", "kept").doesNotContainKey("d/x");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aFileRenamedOverAFileName_andLinked_isFoundUnderItsNewNames() throws IOException {
        create("t1", "one");
        create("target", "zero");
        disk.rename(root.resolve("t1"), root.resolve("target"));
        create("t2", "two");
        disk.link(root.resolve("t2"), root.resolve("second"));
        disk.delete(root.resolve("t2"));
        disk.rename(root.resolve("second"), root.resolve("target"));

        assertThat(tree(root)).containsEntry("target", "two").doesNotContainKeys("t1", "t2", "second");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aFailedStepThroughAFile_thenTheFileReplacedByADirectory_stepsThroughItLandInTheDirectory() throws IOException {
        create("f", "file");
        assertThatThrownBy(() -> disk.delete(root.resolve("f/x"))).isInstanceOf(IOException.class);
        disk.delete(root.resolve("f"));
        disk.createDirectory(root.resolve("f"));
        create("f/x", "below");

        assertThat(tree(root)).containsEntry("f/x", "below");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aLinkToAFile_whoseFileIsReplacedByADirectory_leadsStepsThroughItIntoTheDirectory() throws IOException {
        create("t", "file");
        disk.createSymlink(root.resolve("l"), "t");
        assertThatThrownBy(() -> disk.delete(root.resolve("l/x"))).isInstanceOf(IOException.class);
        disk.delete(root.resolve("t"));
        disk.createDirectory(root.resolve("t"));
        create("l/x", "below");

        assertThat(tree(root)).containsEntry("t/x", "below");
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void whatEachStepLearns_isRemembered_namesGoneAreForgotten_andTheTablesStayBounded() throws IOException {
        for (int i = 0; i < 100; i++) {
            create("kept-" + i, "k");
        }
        int learnt = disk.modelPaths();
        assertThat(learnt).as("each created file's node and entry").isGreaterThanOrEqualTo(200);

        // Temp files renamed over one target, or deleted: each name forgotten once gone, the target's kept.
        for (int i = 0; i < PathKeys.MAX_PATHS + PathKeys.MAX_PATHS / 2; i++) { // not a multiple of the bound
            create("tmp-" + i, "v" + i);
            if (i % 2 == 0) {
                disk.rename(root.resolve("tmp-" + i), root.resolve("doc"));
            } else {
                disk.delete(root.resolve("tmp-" + i));
            }
        }
        assertThat(disk.modelPaths()).isBetween(learnt, learnt + 2);

        for (int i = 0; i < 2 * PathKeys.MAX_PATHS; i++) {
            create("more-" + i, "m");
        }
        assertThat(disk.modelPaths()).as("at most MAX_PATHS per table").isLessThanOrEqualTo(3 * PathKeys.MAX_PATHS);
        assertEverythingPersistedIsTheLiveTree();
    }

    @Test
    void aChangeMadeBehindTheModelsBack_failsTheNextStepThroughIt_whenAssertionsAreOn() throws IOException {
        assumeTrue(PathKeys.class.desiredAssertionStatus(), "assertions are off (surefire turns them on)");
        disk.createDirectory(root.resolve("a"));
        create("a/x", "v");
        Files.move(root.resolve("a"), root.resolve("b")); // not through the disk: the model is not told
        Files.createDirectory(root.resolve("a"));

        assertThatThrownBy(() -> create("a/y", "w"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a change of the tree was not reported");
    }
}
