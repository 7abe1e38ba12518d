package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state an interrupted rename across directories can leave with its rename link ({@code .vfs-mv-…}), built
 * on disk as a crash leaves it, and what recovery makes of it: the file is never lost, and after recovery it has
 * exactly the names the crash model allows (one where a process crash left the link beside src or dst).
 */
class RenameLinkRecoveryTest {
    private static final byte[] BYTES = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;

    private Path open(String where) throws IOException {
        stores = Stores.on(where, tmp);
        fs = stores.open();
        fs.atomicWrite(VPath.of("a/f"), BYTES, WriteOptions.DEFAULT);
        fs.mkdirs(VPath.of("b"));
        return stores.root;
    }

    @AfterEach
    void closeStores() throws IOException {
        if (stores != null) {
            stores.close(); // and the store it opened
        }
    }

    /** Recovers, expecting {@code link} reclaimed as a leftover and {@code name} the file's one name left. */
    private void expectLinkReclaimed(Path root, String link, String name) throws IOException {
        RecoveryReport r = fs.recover(true);
        assertThat(r.tempFiles()).containsExactly(link);
        assertThat(Files.exists(root.resolve(link), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(fs.read(VPath.of(name))).isEqualTo(BYTES);
        assertThat(Files.getAttribute(root.resolve(name), "unix:nlink")).isEqualTo(1);
    }

    /**
     * The state a strict-POSIX power loss can leave: src's removal persisted, dst's entry did not, the rename link
     * {@code link} in b (synced) did — the file's only name.
     */
    private static void onlyNameLeft(Path root, String link) throws IOException {
        Files.createLink(root.resolve("b/" + link), root.resolve("a/f"));
        Files.delete(root.resolve("a/f"));
    }

    private static List<String> entries(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".vfs-lock")).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aRenameAcrossDirectories_leavesNoLinkBehind(String where) throws IOException {
        Path root = open(where);
        fs.rename(VPath.of("a/f"), VPath.of("b/g"), RenameOptions.DEFAULT);
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(BYTES);
        assertThat(fs.exists(VPath.of("a/f"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aLinkBesideTheSource_isReclaimed_andTheFileStaysAtSrcOnly(String where) throws IOException {
        Path root = open(where);
        Files.createLink(root.resolve("b/.vfs-mv-0123abcd-g"), root.resolve("a/f")); // crash after the link
        expectLinkReclaimed(root, "b/.vfs-mv-0123abcd-g", "a/f");
        assertThat(entries(root.resolve("b"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aLinkBesideTheTarget_isReclaimed_andTheFileStaysAtDstOnly(String where) throws IOException {
        Path root = open(where);
        Files.createLink(root.resolve("b/.vfs-mvr-0123abcd-g"), root.resolve("a/f"));
        Files.move(root.resolve("a/f"), root.resolve("b/g")); // crash after rename(2), before the link's removal
        expectLinkReclaimed(root, "b/.vfs-mvr-0123abcd-g", "b/g");
        assertThat(fs.exists(VPath.of("a/f"))).isFalse();
    }

    /** With or without replace: dst is free, so the link becomes dst. */
    @ParameterizedTest
    @CsvSource({"disk, .vfs-mv-0123abcd-g", "jimfs, .vfs-mv-0123abcd-g", "disk, .vfs-mvr-0123abcd-g",
            "jimfs, .vfs-mvr-0123abcd-g"})
    void aLinkThatIsTheOnlyName_becomesTheTarget(String where, String link) throws IOException {
        Path root = open(where);
        onlyNameLeft(root, link);
        RecoveryReport r = fs.recover(true);
        assertThat(r.other()).anyMatch(s -> s.startsWith("b/g (restored from its rename link"));
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(BYTES);
        assertThat(fs.recover(true).total()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aLinkThatIsTheOnlyName_isReportedByADryRun_andLeftWhereItIs(String where) throws IOException {
        Path root = open(where);
        onlyNameLeft(root, ".vfs-mv-0123abcd-g");
        RecoveryReport r = fs.recover(false);
        assertThat(r.other()).containsExactly("b/.vfs-mv-0123abcd-g (the only name left of a file renamed to b/g; "
                + "recovery moves it there)");
        assertThat(r.tempFiles()).isEmpty();
        assertThat(entries(root.resolve("b"))).containsExactly(".vfs-mv-0123abcd-g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aReplacingLinkThatIsTheOnlyName_replacesTheOldTarget(String where) throws IOException {
        Path root = open(where);
        fs.atomicWrite(VPath.of("b/g"), "old".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
        onlyNameLeft(root, ".vfs-mvr-0123abcd-g");
        fs.recover(true);
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aNoReplaceLinkWhoseTargetWasWrittenSince_isRemovedAsStale_neverClobberingTheTarget(String where)
            throws IOException {
        Path root = open(where);
        // The rename returned, its link's removal was lost, and a later write replaced b/g (another file now).
        Files.createLink(root.resolve("b/.vfs-mv-0123abcd-g"), root.resolve("a/f"));
        Files.move(root.resolve("a/f"), root.resolve("b/g"));
        byte[] newer = "{\"v\":2}".getBytes(StandardCharsets.UTF_8);
        fs.atomicWrite(VPath.of("b/g"), newer, WriteOptions.DEFAULT);
        RecoveryReport r = fs.recover(true);
        assertThat(r.tempFiles()).containsExactly("b/.vfs-mv-0123abcd-g");
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(newer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aFileAtTwoNames_getsOneCopyPerName_soAnAppendToOneNeverShowsAtTheOther(String where) throws IOException {
        Path root = open(where);
        fs.append(VPath.of("a/log.jsonl"), "{\"n\":1}", false);
        Files.createLink(root.resolve("b/log.jsonl"), root.resolve("a/log.jsonl")); // both halves of a rename kept
        RecoveryReport r = fs.recover(true);
        assertThat(r.other()).anyMatch(s -> s.contains("(the same file as"));
        fs.append(VPath.of("a/log.jsonl"), "{\"n\":2}", true);
        assertThat(fs.readRecords(VPath.of("a/log.jsonl")).records()).hasSize(2);
        assertThat(fs.readRecords(VPath.of("b/log.jsonl")).records()).hasSize(1);
        assertThat(Files.getAttribute(root.resolve("a/log.jsonl"), "unix:nlink")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void splittingAFileAtTwoNames_waitsForTheLockAnAppendToEitherNameHolds(String where) throws Exception {
        Path root = open(where);
        fs.append(VPath.of("a/log.jsonl"), "{\"n\":1}", false);
        Files.createLink(root.resolve("b/log.jsonl"), root.resolve("a/log.jsonl"));
        // The JVM-wide lock an appender of b/log.jsonl holds while it writes (LogAppender takes it first).
        java.util.concurrent.locks.ReentrantLock appender =
                new PathLocks(root, root.toRealPath()).lockFor(root.resolve("b/log.jsonl"));
        appender.lock();
        java.util.concurrent.CompletableFuture<RecoveryReport> recovery;
        try {
            recovery = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return fs.recover(true);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(300);
            assertThat(recovery).as("recovery must wait for the appender's lock").isNotDone();
            assertThat(Files.getAttribute(root.resolve("a/log.jsonl"), "unix:nlink")).isEqualTo(2);
        } finally {
            appender.unlock();
        }
        assertThat(recovery.get(10, java.util.concurrent.TimeUnit.SECONDS).other())
                .anyMatch(s -> s.contains("(the same file as"));
        assertThat(Files.getAttribute(root.resolve("a/log.jsonl"), "unix:nlink")).isEqualTo(1);
    }
}
