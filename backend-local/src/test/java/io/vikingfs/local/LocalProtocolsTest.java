package io.vikingfs.local;

import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local protocols, on a real folder and on Jimfs. */
class LocalProtocolsTest {
    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;

    private LocalVikingFs open(String where) throws IOException {
        stores = Stores.on(where, tmp);
        fs = stores.open();
        return fs;
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

    private static List<String> names(Stream<DirEntry> s) {
        try (s) {
            return s.map(e -> e.path().toString() + (e.isDirectory() ? "/" : "")).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void atomicWrite_createsParents_andReturnsTheVersionStatReports(String where) throws IOException {
        open(where);
        VPath p = VPath.of("a/b/c.json");
        Version v = fs.atomicWrite(p, utf8("{}"), WriteOptions.DEFAULT);
        assertThat(fs.read(p)).isEqualTo(utf8("{}"));
        FileStat st = fs.stat(p);
        assertThat(st.version()).isEqualTo(v);
        assertThat(st.size()).isEqualTo(2);
        assertThat(fs.stat(VPath.of("a/b")).isDirectory()).isTrue();
        assertThat(names(fs.list(VPath.of("a/b")))).containsExactly("a/b/c.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void newFilesAndDirectories_getOwnerOnlyPermissions(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("d/f"), utf8("x"), WriteOptions.DEFAULT);
        fs.append(VPath.of("d/log"), "r", false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.root.resolve("d/f"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.root.resolve("d/log"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.root.resolve("d"))))
                .isEqualTo("rwx------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void ifAbsent_existingFile_failsAndChangesNothing(String where) throws IOException {
        open(where);
        VPath p = VPath.of("f");
        fs.atomicWrite(p, utf8("one"), WriteOptions.precondition(Precondition.ifAbsent()));
        assertThatThrownBy(() -> fs.atomicWrite(p, utf8("two"), WriteOptions.precondition(Precondition.ifAbsent())))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(fs.read(p)).isEqualTo(utf8("one"));
        assertThat(Files.list(stores.root).map(x -> x.getFileName().toString()))
                .noneMatch(n -> n.startsWith(".vfs-tmp-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void ifMatch_staleVersion_failsWithTheActualVersion(String where) throws IOException {
        open(where);
        VPath p = VPath.of("f");
        Version v1 = fs.atomicWrite(p, utf8("one"), WriteOptions.DEFAULT);
        Version v2 = fs.atomicWrite(p, utf8("two"), WriteOptions.precondition(Precondition.ifMatch(v1)));
        assertThatThrownBy(() -> fs.atomicWrite(p, utf8("three"), WriteOptions.precondition(Precondition.ifMatch(v1))))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.actual()).isEqualTo(v2));
        assertThat(fs.read(p)).isEqualTo(utf8("two"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void symlinkOnTheWay_isRefused_evenInsideTheRoot(String where) throws IOException {
        open(where);
        Path outside = Files.createDirectories(stores.root.getFileSystem().getPath(
                where.equals("jimfs") ? "/outside" : tmp.resolve("../" + tmp.getFileName() + "-outside").toString()));
        Files.createSymbolicLink(stores.root.resolve("escape"), outside);
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("escape/f"), utf8("x"), WriteOptions.DEFAULT))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("escape").hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> fs.read(VPath.of("escape/f"))).isInstanceOf(VikingFsException.class);
        assertThatThrownBy(() -> fs.append(VPath.of("escape/log"), "r", false)).isInstanceOf(VikingFsException.class);
        assertThat(Files.list(outside).count()).isZero();
        assertThat(names(fs.list(VPath.ROOT))).doesNotContain("escape", "escape/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void appendAll_thenReadRecords_keepsOrder(String where) throws IOException {
        open(where);
        VPath log = VPath.of("s/log.jsonl");
        fs.append(log, "{\"a\":1}", true);
        fs.appendAll(log, List.of("{\"a\":2}", "{\"a\":3}"), false);
        RecordLog r = fs.readRecords(log);
        assertThat(r.records()).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
        assertThat(r.isClean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void tornTail_isRemovedByTheNextAppend_andOnlyTheTail(String where) throws IOException {
        open(where);
        VPath log = VPath.of("log");
        fs.append(log, "one", false);
        Files.write(stores.root.resolve("log"), utf8("tw"), java.nio.file.StandardOpenOption.APPEND);
        assertThat(fs.readRecords(log).tornTail()).isPresent();
        fs.append(log, "three", false);
        assertThat(Files.readString(stores.root.resolve("log"))).isEqualTo("one\nthree\n");
        Files.write(stores.root.resolve("log"), new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(fs.repairLog(log, true)).isEqualTo(3);
        assertThat(fs.repairLog(log, true)).isZero();
        assertThat(fs.readRecords(log).records()).containsExactly("one", "three");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void append_afterThePathWasReplaced_writesToTheNewFile(String where) throws Exception {
        open(where);
        VPath log = VPath.of("log");
        fs.append(log, "one", false);
        Path tmpFile = stores.root.resolve("other");
        Files.write(tmpFile, utf8("replaced\n"));
        Files.move(tmpFile, stores.root.resolve("log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // Another program's change is noticed when the path is next checked: at the latest RECHECK_NANOS into a
        // burst that holds the log's lock (field cases 7: the window in which a record can go to the old file).
        Thread.sleep(BurstLocks.RECHECK_NANOS / 1_000_000 + 1);
        fs.append(log, "two", false);
        assertThat(fs.readRecords(log).records()).containsExactly("replaced", "two");
        Files.delete(stores.root.resolve("log"));
        Thread.sleep(BurstLocks.RECHECK_NANOS / 1_000_000 + 1);
        fs.append(log, "three", false);
        assertThat(fs.readRecords(log).records()).containsExactly("three");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void rename_withoutReplace_neverClobbers_andWithReplaceReplacesFiles(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("a"), utf8("a"), WriteOptions.DEFAULT);
        fs.atomicWrite(VPath.of("b"), utf8("b"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.rename(VPath.of("a"), VPath.of("b"), RenameOptions.DEFAULT))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(fs.read(VPath.of("b"))).isEqualTo(utf8("b"));
        fs.rename(VPath.of("a"), VPath.of("b"), RenameOptions.DEFAULT.withReplace(true));
        assertThat(fs.read(VPath.of("b"))).isEqualTo(utf8("a"));
        assertThat(fs.exists(VPath.of("a"))).isFalse();
        fs.mkdirs(VPath.of("dir/sub"));
        fs.atomicWrite(VPath.of("dir/sub/f"), utf8("f"), WriteOptions.DEFAULT);
        fs.rename(VPath.of("dir"), VPath.of("moved/dir"), RenameOptions.DEFAULT);
        assertThat(fs.read(VPath.of("moved/dir/sub/f"))).isEqualTo(utf8("f"));
        assertThatThrownBy(() -> fs.rename(VPath.of("nope"), VPath.of("x"), RenameOptions.DEFAULT))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void switchDirectory_convertsAPlainDirectory_thenSwapsGenerations(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("s/live/old.txt"), utf8("old"), WriteOptions.DEFAULT);
        fs.atomicWrite(VPath.of("s/staged/new.txt"), utf8("new"), WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("s/staged"), VPath.of("s/live"), true);
        assertThat(names(fs.list(VPath.of("s")))).containsExactly("s/live/");
        assertThat(names(fs.walk(VPath.of("s/live")))).containsExactly("s/live/new.txt");
        assertThat(fs.stat(VPath.of("s/live")).isDirectory()).isTrue();
        assertThat(Files.isSymbolicLink(stores.root.resolve("s/live"))).isTrue();
        assertThat(Files.readString(stores.root.resolve("s/live/new.txt"))).isEqualTo("new"); // ordinary tools
        fs.atomicWrite(VPath.of("s/next/n2.txt"), utf8("n2"), WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("s/next"), VPath.of("s/live"), false);
        assertThat(names(fs.walk(VPath.of("s")))).containsExactly("s/live/", "s/live/n2.txt");
        try (Stream<Path> gens = Files.list(stores.root.resolve("s"))) {
            assertThat(gens.map(x -> x.getFileName().toString()).filter(n -> n.startsWith(".vfs-gen-"))).hasSize(1);
        }
        fs.atomicWrite(VPath.of("s/live/added"), utf8("a"), WriteOptions.DEFAULT);
        assertThat(fs.read(VPath.of("s/live/added"))).isEqualTo(utf8("a"));
        fs.deleteRecursively(VPath.of("s/live"));
        assertThat(fs.exists(VPath.of("s/live"))).isFalse();
        assertThat(fs.recover(true).total()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void recover_reclaimsAbandonedTempFilesAndGenerations_neverTheLiveOne(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("s/staged/x"), utf8("x"), WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("s/staged"), VPath.of("s/live"), true);
        Files.write(stores.root.resolve("s/.vfs-tmp-abandoned"), utf8("partial"));
        Files.createDirectories(stores.root.resolve("s/.vfs-gen-live-7/sub"));
        RecoveryReport dry = fs.recover(false);
        assertThat(dry.tempFiles()).containsExactly("s/.vfs-tmp-abandoned");
        assertThat(dry.abandonedGenerations()).containsExactly("s/.vfs-gen-live-7");
        assertThat(Files.exists(stores.root.resolve("s/.vfs-tmp-abandoned"))).isTrue();
        RecoveryReport done = fs.recover(true);
        assertThat(done.total()).isEqualTo(2);
        assertThat(fs.recover(true).total()).isZero();
        assertThat(fs.read(VPath.of("s/live/x"))).isEqualTo(utf8("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void recover_rollsAnInterruptedConversionForward(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("s/live/x"), utf8("x"), WriteOptions.DEFAULT);
        fs.close();
        // The state after a crash between "rename live to generation 0" and "create the pointer".
        Path s = stores.root.resolve("s");
        String key = LibraryNames.generationPrefix("live");
        Files.write(s.resolve(LibraryNames.intentName(key)), utf8("live\n.vfs-gen-live-0\n"));
        Files.move(s.resolve("live"), s.resolve(".vfs-gen-live-0"));
        fs = stores.open();
        assertThat(fs.read(VPath.of("s/live/x"))).isEqualTo(utf8("x"));
        assertThat(Files.exists(s.resolve(LibraryNames.intentName(key)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void listing_isSortedAndHidesLibraryFiles_andNewInputStreamReadsOneVersion(String where) throws IOException {
        open(where);
        for (String n : List.of("b", "a", "é", "Z", "a0")) {
            fs.atomicWrite(VPath.of("d/" + n), utf8(n), WriteOptions.DEFAULT);
        }
        assertThat(names(fs.list(VPath.of("d")))).containsExactly("d/Z", "d/a", "d/a0", "d/b", "d/é");
        try (InputStream in = fs.newInputStream(VPath.of("d/a"))) {
            fs.atomicWrite(VPath.of("d/a"), utf8("replaced"), WriteOptions.DEFAULT);
            assertThat(in.readAllBytes()).isEqualTo(utf8("a"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void delete_ofANonEmptyDirectory_fails_andClosedStoreRefusesCalls(String where) throws IOException {
        open(where);
        fs.atomicWrite(VPath.of("d/f"), utf8("f"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.delete(VPath.of("d"))).isInstanceOf(java.nio.file.DirectoryNotEmptyException.class);
        fs.delete(VPath.of("d/f"));
        fs.delete(VPath.of("d"));
        assertThat(fs.deleteIfExists(VPath.of("d"))).isFalse();
        assertThatThrownBy(() -> fs.delete(VPath.of("d"))).isInstanceOf(NoSuchFileException.class);
        fs.close();
        assertThatThrownBy(() -> fs.read(VPath.of("x"))).isInstanceOf(ClosedFileSystemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void twoInstancesOnOneFolder_inOneJvm_appendWithoutOverlapOrLoss(String where) throws Exception {
        open(where);
        try (LocalVikingFs second = stores.open()) {
            VPath log = VPath.of("shared/log");
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                for (int t = 0; t < 8; t++) {
                    LocalVikingFs use = t % 2 == 0 ? fs : second;
                    int id = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            use.append(log, id + ":" + i, i % 10 == 0);
                            if (i % 50 == 0) {
                                use.readRecords(log); // opens and closes a descriptor while others hold the lock
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> records = fs.readRecords(log).records();
            assertThat(records).hasSize(1600).doesNotHaveDuplicates();
            for (int t = 0; t < 8; t++) {
                String prefix = t + ":";
                assertThat(records.stream().filter(r -> r.startsWith(prefix)).map(r -> Integer.parseInt(r.substring(prefix.length()))))
                        .as("writer %d's order", t).isSorted();
            }
        }
    }
}
