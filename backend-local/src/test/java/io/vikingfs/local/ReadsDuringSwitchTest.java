package io.vikingfs.local;

import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.FileStat;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.vikingfs.local.PausingDisk.Op;
import static io.vikingfs.local.PausingDisk.When;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers through a live-directory pointer while {@code switchDirectory} retires the generation they are reading
 * (LocalVikingFs: "readers through a pointer that a switch retires under them re-read from the new generation (a
 * listing there is collected whole first), so they see one whole tree"). The reader is held ({@link PausingDisk})
 * just before it opens or stats an entry of the old generation; a switch then runs to completion — the pointer
 * swapped, the old generation deleted — and the reader goes on. It must return the old tree or the new one whole:
 * never a missing file, a short listing or a listing mixing the two.
 */
class ReadsDuringSwitchTest {
    private static final VPath LIVE = VPath.of("live");
    private static final List<String> OLD_NAMES = List.of("a", "b", "c", "d", "e", "sub");
    private static final List<String> NEW_NAMES = List.of("a", "x", "y", "z");

    @TempDir
    Path root;
    @TempDir
    Path spill;
    private PausingDisk disk;
    private LocalVikingFs fs;

    @BeforeEach
    void open() throws IOException {
        disk = new PausingDisk(new NioDisk(root));
        // Two names in memory: the listings below spill sorted runs, which a retired listing must delete.
        fs = LocalVikingFs.open(disk, LocalOptions.DEFAULT.withListSpill(spill, 2));
        for (String name : OLD_NAMES) {
            if (name.equals("sub")) {
                fs.mkdirs(VPath.of("st0", name));
            } else {
                fs.atomicWrite(VPath.of("st0", name), utf8("old " + name), WriteOptions.durable(false));
            }
        }
        fs.switchDirectory(VPath.of("st0"), LIVE, true);
        for (String name : NEW_NAMES) {
            fs.atomicWrite(VPath.of("st1", name), utf8("new " + name + "!"), WriteOptions.durable(false));
        }
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A path inside the generation the first switch made, named {@code name}. */
    private static Predicate<Path> inOldGeneration(String name) {
        return PausingDisk.under(LibraryNames.generationName("live", 0)).and(PausingDisk.named(name));
    }

    /**
     * The last entry of the old generation whose kind a listing reads: five names are kept by then, so with two
     * names in memory the listing has spilled runs.
     */
    private static Predicate<Path> lastEntryOfOldGeneration() {
        String generation = LibraryNames.generationName("live", 0);
        int[] entries = {0};
        return p -> p.getParent() != null && p.getParent().getFileName().toString().equals(generation)
                && ++entries[0] == OLD_NAMES.size();
    }

    /** Runs {@code reader} held at {@code op} of the old generation's {@code name} while the switch to st1 runs. */
    private Interleaving.Result duringSwitch(Op op, String name, Interleaving.Call reader) throws Exception {
        return duringSwitch(op, inOldGeneration(name), reader);
    }

    private Interleaving.Result duringSwitch(Op op, Predicate<Path> at, Interleaving.Call reader) throws Exception {
        var r = Interleaving.run(disk.pause(When.BEFORE, op, at), reader, () -> {
            fs.switchDirectory(VPath.of("st1"), LIVE, true);
            return null;
        });
        assertThat(r.secondFinishedInWindow()).as("a switch waited for a reader: readers take no lock").isTrue();
        assertThat(r.second().ok()).as("%s", r.second()).isTrue();
        assertThat(r.first().ok()).as("the reader, whose generation was retired under it: %s", r.first()).isTrue();
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(LibraryNames::isGeneration))
                    .as("the old generation is deleted by the switch").containsExactly(
                            LibraryNames.generationName("live", 1));
        }
        return r;
    }

    @Test
    void read_ofAFileWhoseGenerationIsRetiredBeforeItOpens_readsTheNewTree() throws Exception {
        var r = duringSwitch(Op.OPEN_READ, "a", () -> fs.read(VPath.of("live/a")));
        assertThat((byte[]) r.first().value()).isEqualTo(utf8("new a!"));
    }

    @Test
    void read_throughAPointerWhoseGenerationIsRetiredWhileItIsResolved_followsThePointerAgain() throws Exception {
        String oldGeneration = LibraryNames.generationName("live", 0);
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.STAT, PausingDisk.named(oldGeneration)),
                () -> fs.read(VPath.of("live/a")), () -> {
                    fs.switchDirectory(VPath.of("st1"), LIVE, true);
                    return null;
                });
        assertThat(r.first().ok()).as("%s", r.first()).isTrue();
        assertThat((byte[]) r.first().value()).isEqualTo(utf8("new a!"));
    }

    @Test
    void stat_ofAFileWhoseGenerationIsRetiredBeforeItIsRead_describesTheNewFile() throws Exception {
        var r = duringSwitch(Op.OPEN_READ, "a", () -> fs.stat(VPath.of("live/a")));
        FileStat st = (FileStat) r.first().value();
        assertThat(st.kind()).isEqualTo(EntryKind.FILE);
        assertThat(st.size()).isEqualTo(utf8("new a!").length);
        assertThat(st.version()).isEqualTo(fs.stat(VPath.of("live/a")).version());
    }

    @Test
    void newInputStream_ofAFileWhoseGenerationIsRetiredBeforeItOpens_streamsTheNewFile() throws Exception {
        var r = duringSwitch(Op.OPEN_READ, "a", () -> {
            try (InputStream in = fs.newInputStream(VPath.of("live/a"))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        assertThat(r.first().value()).isEqualTo("new a!");
    }

    @Test
    void list_ofALiveDirectoryRetiredWhileItsKindsAreRead_isTheNewTreeWhole_andLeavesNoRuns() throws Exception {
        var r = duringSwitch(Op.STAT, lastEntryOfOldGeneration(), () -> {
            try (Stream<DirEntry> s = fs.list(LIVE)) {
                return s.toList();
            }
        });
        @SuppressWarnings("unchecked")
        List<DirEntry> listed = (List<DirEntry>) r.first().value();
        assertThat(listed).as("a listing of one whole generation, not of one being deleted")
                .containsExactlyElementsOf(NEW_NAMES.stream()
                        .map(n -> new DirEntry(LIVE.resolve(n), EntryKind.FILE)).toList());
        assertThat(runs()).as("the runs of the listing of the retired generation, and of the one returned, are "
                + "deleted").isEmpty();
    }

    @Test
    void list_ofALiveDirectoryWhosePointerIsReplacedByAForeignLink_failsNamingIt_andLeavesNoRuns() throws Exception {
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.STAT, lastEntryOfOldGeneration()), () -> {
            try (Stream<DirEntry> s = fs.list(LIVE)) {
                return s.toList();
            }
        }, () -> {
            // Another program replaces the pointer by a link of its own while the listing runs.
            Path foreign = root.resolve("foreign-link");
            disk.delegate().createSymlink(foreign, "/tmp");
            disk.delegate().rename(foreign, root.resolve("live"));
            return null;
        });
        assertThat(r.first().error()).isInstanceOf(io.vikingfs.VikingFsException.class)
                .hasMessageContaining("live").hasMessageContaining("is a symbolic link");
        assertThat(runs()).as("the runs of the listing given up are deleted").isEmpty();
    }

    private List<String> runs() throws IOException {
        try (Stream<Path> s = Files.list(spill)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SortedNames.RUN_PREFIX)).toList();
        }
    }
}
