package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
        if (stores != null) {
            stores.close();
        }
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
        RecoveryReport r = fs.recover(true);
        assertThat(r.tempFiles()).containsExactly("b/.vfs-mv-0123abcd-g");
        assertThat(entries(root.resolve("b"))).isEmpty();
        assertThat(fs.read(VPath.of("a/f"))).isEqualTo(BYTES);
        assertThat(Files.getAttribute(root.resolve("a/f"), "unix:nlink")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aLinkBesideTheTarget_isReclaimed_andTheFileStaysAtDstOnly(String where) throws IOException {
        Path root = open(where);
        Files.createLink(root.resolve("b/.vfs-mvr-0123abcd-g"), root.resolve("a/f"));
        Files.move(root.resolve("a/f"), root.resolve("b/g")); // crash after rename(2), before the link's removal
        RecoveryReport r = fs.recover(true);
        assertThat(r.tempFiles()).containsExactly("b/.vfs-mvr-0123abcd-g");
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.exists(VPath.of("a/f"))).isFalse();
        assertThat(Files.getAttribute(root.resolve("b/g"), "unix:nlink")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aLinkThatIsTheOnlyName_becomesTheTarget(String where) throws IOException {
        Path root = open(where);
        // Strict POSIX power loss: src's removal persisted, dst's entry did not, the link (synced) did.
        Files.createLink(root.resolve("b/.vfs-mv-0123abcd-g"), root.resolve("a/f"));
        Files.delete(root.resolve("a/f"));
        RecoveryReport r = fs.recover(true);
        assertThat(r.other()).anyMatch(s -> s.startsWith("b/g (restored from its rename link"));
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(BYTES);
        assertThat(fs.recover(true).total()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aReplacingLinkThatIsTheOnlyName_replacesTheOldTarget(String where) throws IOException {
        Path root = open(where);
        fs.atomicWrite(VPath.of("b/g"), "old".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
        Files.createLink(root.resolve("b/.vfs-mvr-0123abcd-g"), root.resolve("a/f"));
        Files.delete(root.resolve("a/f"));
        fs.recover(true);
        assertThat(entries(root.resolve("b"))).containsExactly("g");
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aNoReplaceLinkThatIsTheOnlyName_neverClobbersATakenTarget_andIsKeptAndReported(String where)
            throws IOException {
        Path root = open(where);
        byte[] other = "written by someone else".getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("b/g"), other);
        Files.createLink(root.resolve("b/.vfs-mv-0123abcd-g"), root.resolve("a/f"));
        Files.delete(root.resolve("a/f"));
        RecoveryReport r = fs.recover(true);
        assertThat(r.other()).anyMatch(s -> s.startsWith("b/.vfs-mv-0123abcd-g (the only name left")
                && s.contains("which is taken"));
        assertThat(fs.read(VPath.of("b/g"))).isEqualTo(other);
        assertThat(Files.readAllBytes(root.resolve("b/.vfs-mv-0123abcd-g"))).isEqualTo(BYTES);
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
}
