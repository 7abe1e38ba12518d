package io.vikingfs.local;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.VPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code list} in bounded memory ({@link SortedNames}): with a tiny {@code namesInMemory}, directories straddling
 * the chunk size (and enough runs to force the intermediate merge of {@link SortedNames#MAX_RUNS}) list every
 * entry once, in UTF-8 byte order, library entries hidden; run files exist only while a stream is open and are
 * gone after close, after an early close, and after a crash (the next open with recovery). Names are seeded
 * random, mixing ASCII, accents and characters outside the Basic Multilingual Plane (where UTF-8 order differs
 * from {@code String.compareTo}); the seed is in every failure message.
 */
class BoundedListingTest {
    private static final int CHUNK = 4;

    @TempDir
    Path root;
    @TempDir
    Path spill;

    private LocalVikingFs open() throws IOException {
        return LocalVikingFs.open(root, LocalOptions.DEFAULT.withListSpill(spill, CHUNK));
    }

    @Test
    void directoriesStraddlingTheChunkSizeListEveryEntryOnceInByteOrder() throws IOException {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try (LocalVikingFs fs = open()) {
            for (int n : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 1,
                    SortedNames.MAX_RUNS * CHUNK, SortedNames.MAX_RUNS * CHUNK + 3}) {
                Path dir = Files.createDirectories(root.resolve("d" + n));
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String name = randomName(random) + "-" + i;
                    if (i % 7 == 3) {
                        Files.createDirectory(dir.resolve(name));
                    } else {
                        Files.write(dir.resolve(name), new byte[0]);
                    }
                    expected.add(name);
                }
                Files.write(dir.resolve(".vfs-lock"), new byte[0]); // the library's own: hidden
                Files.createDirectory(dir.resolve(".vfs-gen-x"));
                expected.sort(VPath::compareNames);
                List<String> listed = new ArrayList<>();
                try (Stream<DirEntry> s = fs.list(VPath.of("d" + n))) {
                    Iterator<DirEntry> it = s.iterator();
                    while (it.hasNext()) {
                        DirEntry e = it.next();
                        listed.add(e.path().name());
                        assertThat(e.kind()).as("seed %d: kind of %s", seed, e.path())
                                .isEqualTo(Files.isDirectory(dir.resolve(e.path().name()))
                                        ? EntryKind.DIRECTORY : EntryKind.FILE);
                    }
                    assertThat(runFiles()).as("seed %d, %d entries: runs spilled while streaming", seed, n)
                            .hasSize(runsFor(n));
                }
                assertThat(listed).as("seed %d, %d entries", seed, n).containsExactlyElementsOf(expected);
                assertThat(runFiles()).as("seed %d: runs deleted on close", seed).isEmpty();
            }
        }
    }

    @Test
    void anEarlyClosedStreamDeletesItsRuns() throws IOException {
        try (LocalVikingFs fs = open()) {
            fill(root.resolve("big"), 5 * CHUNK + 1);
            Stream<DirEntry> s = fs.list(VPath.of("big"));
            Iterator<DirEntry> it = s.iterator();
            assertThat(it.next().path().name()).isEqualTo("f000");
            assertThat(runFiles()).hasSize(5);
            s.close();
            assertThat(runFiles()).isEmpty();
        }
    }

    @Test
    void runsOfAKilledProcessAreReclaimedOnOpenAndLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.write(spill.resolve(SortedNames.RUN_PREFIX + gone.pid() + "-x" + SortedNames.RUN_SUFFIX),
                new byte[8]);
        Path alive = Files.write(spill.resolve(SortedNames.RUN_PREFIX + ProcessHandle.current().pid() + "-y"
                + SortedNames.RUN_SUFFIX), new byte[8]);
        Path foreign = Files.write(spill.resolve("someone-else.run"), new byte[8]);
        open().close();
        assertThat(dead).doesNotExist();
        assertThat(alive).exists(); // a listing of this live process may be reading it
        assertThat(foreign).exists();
    }

    /**
     * The directory is read whole before {@code list} returns; kinds are looked up as the stream reaches each
     * entry. So an entry created after the call is not listed, one removed before the stream reaches it is left
     * out, and every other is listed exactly once, in order.
     */
    @Test
    void aDirectoryChangingWhileListedListsEveryStableEntryOnceInOrder() throws IOException {
        try (LocalVikingFs fs = open()) {
            Path dir = fill(root.resolve("moving"), 4 * CHUNK);
            List<String> listed = new ArrayList<>();
            try (Stream<DirEntry> s = fs.list(VPath.of("moving"))) {
                Iterator<DirEntry> it = s.iterator();
                listed.add(it.next().path().name());
                Files.write(dir.resolve("a-created-meanwhile"), new byte[0]);
                Files.write(dir.resolve("f999"), new byte[0]);
                Files.delete(dir.resolve("f010"));
                it.forEachRemaining(e -> listed.add(e.path().name()));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 4 * CHUNK; i++) {
                if (i != 10) {
                    expected.add(String.format("f%03d", i));
                }
            }
            assertThat(listed).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aSpillDirectoryThatCannotBeWrittenKeepsTheListingCompleteInMemory() throws IOException {
        try (LocalVikingFs fs = LocalVikingFs.open(root,
                LocalOptions.DEFAULT.withListSpill(spill.resolve("missing"), CHUNK))) {
            fill(root.resolve("big"), 3 * CHUNK);
            try (Stream<DirEntry> s = fs.list(VPath.of("big"))) {
                assertThat(s.map(e -> e.path().name()).toList()).hasSize(3 * CHUNK).isSorted();
            }
        }
    }

    @Test
    void aRunWhoseWriteFailsMidway_isDeleted_andTheListingStaysComplete() throws IOException {
        // A spill directory on a device that fills up while the first run is written (a Jimfs of two 4 KiB blocks
        // stands for a full disk; the run needs about 10 KiB).
        try (FileSystem small = Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(4096)
                .setMaxSize(8192).build())) {
            Path full = Files.createDirectory(small.getPath("/spill"));
            int names = 100;
            Path big = Files.createDirectories(root.resolve("big"));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 2 * names + 1; i++) {
                String name = String.format("%03d", i) + "x".repeat(96);
                Files.write(big.resolve(name), new byte[0]);
                expected.add(name);
            }
            try (LocalVikingFs fs = LocalVikingFs.open(root, LocalOptions.DEFAULT.withListSpill(full, names));
                 Stream<DirEntry> s = fs.list(VPath.of("big"))) {
                assertThat(s.map(e -> e.path().name()).toList()).containsExactlyElementsOf(expected);
            }
            try (Stream<Path> left = Files.list(full)) {
                assertThat(left.toList()).as("the part of the run written before the device filled up").isEmpty();
            }
        }
    }

    @Test
    void aLiveDirectoryListsOneGenerationWithItsKindsThroughRuns() throws IOException {
        try (LocalVikingFs fs = open()) {
            Path staged = fill(root.resolve("staged"), 3 * CHUNK + 2);
            Files.createDirectory(staged.resolve("sub"));
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), false);
            try (Stream<DirEntry> s = fs.list(VPath.of("live"))) {
                List<DirEntry> all = s.toList();
                assertThat(all).hasSize(3 * CHUNK + 3);
                assertThat(all.get(all.size() - 1)).isEqualTo(new DirEntry(VPath.of("live/sub"), EntryKind.DIRECTORY));
                assertThat(all.get(0)).isEqualTo(new DirEntry(VPath.of("live/f000"), EntryKind.FILE));
                assertThat(all.stream().map(e -> e.path().name()).toList()).isSorted();
            }
            assertThat(runFiles()).isEmpty();
        }
    }

    @Test
    void aStoreOnJimfsSpillsToTheDefaultFileSystemAndListsTheSame() throws IOException {
        try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());
             LocalVikingFs fs = LocalVikingFs.open(Files.createDirectory(jimfs.getPath("/store")),
                     LocalOptions.DEFAULT.withListSpill(spill, CHUNK))) {
            fill(jimfs.getPath("/store/big"), 6 * CHUNK);
            try (Stream<DirEntry> s = fs.list(VPath.of("big"))) {
                Iterator<DirEntry> it = s.iterator();
                assertThat(it.next().path().name()).isEqualTo("f000");
                assertThat(runFiles()).hasSize(5);
                assertThat(Stream.concat(Stream.of("f000"), Stream.generate(() -> it.hasNext()
                        ? it.next().path().name() : null).takeWhile(n -> n != null)).toList())
                        .hasSize(6 * CHUNK).isSorted();
            }
            assertThat(runFiles()).isEmpty();
        }
    }

    /** Runs left while streaming n names: one per full chunk followed by more, 64 merged into one. */
    private static int runsFor(int n) {
        int runs = 0;
        for (int spilled = 0; spilled < (n - 1) / CHUNK; spilled++) {
            runs = runs + 1 == SortedNames.MAX_RUNS ? 1 : runs + 1;
        }
        return runs;
    }

    private static Path fill(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (int i = n - 1; i >= 0; i--) {
            Files.write(dir.resolve(String.format("f%03d", i)), "x".getBytes(StandardCharsets.UTF_8));
        }
        return dir;
    }

    private List<Path> runFiles() throws IOException {
        try (Stream<Path> s = Files.list(spill)) {
            return s.filter(p -> p.getFileName().toString().startsWith(SortedNames.RUN_PREFIX)).toList();
        }
    }

    private static String randomName(Random random) {
        String[] alphabet = {"a", "B", "z", "é", "ü", "日", "\uD83D\uDE00", "\uFF5E", "0", "_"};
        StringBuilder b = new StringBuilder();
        int len = 1 + random.nextInt(6);
        for (int i = 0; i < len; i++) {
            b.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return b.toString();
    }

    /**
     * A directory that fails to be read midway (after runs were spilled), or an entry of a live directory whose
     * kind cannot be read: the listing fails with the I/O error, and the runs it spilled are deleted.
     */
    @Test
    void aListingFailingMidway_failsWithTheIoError_andDeletesItsRuns() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean failStats = new java.util.concurrent.atomic.AtomicBoolean();
        io.vikingfs.local.disk.Disk failing = new io.vikingfs.local.disk.ForwardingDisk(
                new io.vikingfs.local.disk.NioDisk(root)) {
            @Override
            public java.nio.file.DirectoryStream<String> names(Path dir) throws IOException {
                java.nio.file.DirectoryStream<String> all = super.names(dir);
                if (!dir.getFileName().toString().equals("big")) {
                    return all;
                }
                return new java.nio.file.DirectoryStream<>() {
                    @Override
                    public Iterator<String> iterator() {
                        Iterator<String> it = all.iterator();
                        return new Iterator<>() {
                            private int n;

                            @Override
                            public boolean hasNext() {
                                if (n == 3 * CHUNK) {
                                    throw new java.nio.file.DirectoryIteratorException(
                                            new IOException("injected: EIO reading the directory"));
                                }
                                return it.hasNext();
                            }

                            @Override
                            public String next() {
                                n++;
                                return it.next();
                            }
                        };
                    }

                    @Override
                    public void close() throws IOException {
                        all.close();
                    }
                };
            }

            @Override
            public io.vikingfs.local.disk.DiskStat stat(Path path) throws IOException {
                if (failStats.get() && path.getFileName().toString().equals("f005")) {
                    throw new IOException("injected: EIO reading the entry");
                }
                return super.stat(path);
            }
        };
        try (LocalVikingFs fs = LocalVikingFs.open(failing, LocalOptions.DEFAULT.withListSpill(spill, CHUNK))) {
            fill(root.resolve("big"), 6 * CHUNK);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.list(VPath.of("big")).close())
                    .isInstanceOf(IOException.class).hasMessageContaining("reading the directory");
            assertThat(runFiles()).isEmpty();

            fill(root.resolve("staged"), 6 * CHUNK);
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), false);
            failStats.set(true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.list(VPath.of("live")).close())
                    .isInstanceOf(IOException.class).hasMessageContaining("reading the entry");
            assertThat(runFiles()).isEmpty();
        }
    }

    /**
     * Runs larger than the run writer's 4 KiB buffer (100 names of up to ~220 bytes each): every name once, in order,
     * and once the stream is closed no run file is left, nor open.
     */
    @Test
    void runsLargerThanTheWriteBuffer_listEveryLongNameOnceInOrder_andAreClosedAndDeleted() throws IOException {
        try (LocalVikingFs fs = LocalVikingFs.open(root, LocalOptions.DEFAULT.withListSpill(spill, 100))) {
            Path dir = Files.createDirectories(root.resolve("long"));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 350; i++) {
                String name = String.format("%03d-", (i * 13) % 350) + "é".repeat(i % 60) + "n".repeat(100);
                Files.write(dir.resolve(name), new byte[0]);
                expected.add(name);
            }
            expected.sort(VPath::compareNames);
            try (Stream<DirEntry> s = fs.list(VPath.of("long"))) {
                Iterator<DirEntry> it = s.iterator();
                List<String> listed = new ArrayList<>();
                listed.add(it.next().path().name());
                assertThat(runFiles()).as("three full chunks spilled").hasSize(3);
                it.forEachRemaining(e -> listed.add(e.path().name()));
                assertThat(listed).containsExactlyElementsOf(expected);
            }
            assertThat(runFiles()).isEmpty();
            assertThat(OpeningTest.openUnder(spill.toRealPath())).as("run files still open").isEmpty();
            assertThat(OpeningTest.openUnder(dir.toRealPath())).as("the listed directory still open").isEmpty();
        }
    }
}
