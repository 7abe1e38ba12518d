package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.local.disk.FaultyDisk.Injector;
import io.vikingfs.local.disk.FaultyDisk.OpKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a {@code switchDirectory} leaves when its pointer swap is cut short — by a crash after the temp link was
 * made, or by a failed rename of that link over {@code live} — and what recovery makes of it (README's
 * {@code recover}: temp files, generations no pointer names): {@code live} keeps its tree, the temp link and the
 * unnamed generation are reported by {@code recover(false)}, which changes nothing, and reclaimed by
 * {@code recover(true)}, after which nothing is left to report.
 */
class PointerSwapLeftoversTest {
    private static final byte[] OLD = "{\"gen\":0}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "{\"gen\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private FaultyDisk faulty;

    private Path open(String where) throws IOException {
        stores = Stores.on(where, tmp, d -> faulty = new FaultyDisk(d));
        fs = stores.open();
        fs.atomicWrite(VPath.of("st0/f"), OLD, WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("st0"), VPath.of("live"), true);
        return stores.root;
    }

    @AfterEach
    void closeStores() throws IOException {
        if (stores != null) {
            stores.close();
        }
    }

    private static List<String> library(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    private void assertLiveIsTheOldTree() throws IOException {
        assertThat(fs.read(VPath.of("live/f"))).isEqualTo(OLD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aTempLinkOfAnInterruptedSwap_isReported_thenReclaimed_andLiveKeepsItsTree(String where) throws IOException {
        Path root = open(where);
        String generation = library(root, ".vfs-gen-").get(0);
        // A crash between creating the swap's temp link and renaming it over live leaves exactly this.
        String temp = LibraryNames.newTempName();
        Files.createSymbolicLink(root.resolve(temp), root.getFileSystem().getPath(generation));

        RecoveryReport dry = fs.recover(false);
        assertThat(dry.tempFiles()).containsExactly(temp);
        assertThat(dry.total()).isEqualTo(1);
        assertThat(Files.exists(root.resolve(temp), LinkOption.NOFOLLOW_LINKS)).as("a dry run changes nothing").isTrue();

        RecoveryReport applied = fs.recover(true);
        assertThat(applied.tempFiles()).containsExactly(temp);
        assertThat(Files.exists(root.resolve(temp), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(library(root, ".vfs-gen-")).as("the generation live names is kept").containsExactly(generation);
        assertLiveIsTheOldTree();
        assertThat(fs.recover(false).total()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aFailedSwap_removesItsTempLink_keepsLive_andLeavesTheStagedTreeToRecovery(String where) throws IOException {
        Path root = open(where);
        fs.atomicWrite(VPath.of("st1/f"), NEW, WriteOptions.DEFAULT);
        faulty.inject(Injector.when(op -> op.kind() == OpKind.RENAME && op.path().getFileName().toString().equals("live"),
                Injector.error("EIO renaming the pointer")));
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("st1"), VPath.of("live"), true))
                .isInstanceOf(IOException.class).hasMessageContaining("EIO renaming the pointer");
        faulty.inject(op -> null);
        assertThat(library(root, ".vfs-tmp-")).as("the failed swap's temp link is removed").isEmpty();
        assertLiveIsTheOldTree();
        assertThat(fs.exists(VPath.of("st1"))).as("the staged tree was renamed to a generation").isFalse();

        RecoveryReport dry = fs.recover(false);
        assertThat(dry.tempFiles()).isEmpty();
        assertThat(dry.abandonedGenerations()).hasSize(1);
        assertThat(library(root, ".vfs-gen-")).hasSize(2);
        assertThat(fs.recover(true).abandonedGenerations()).isEqualTo(dry.abandonedGenerations());
        assertThat(library(root, ".vfs-gen-")).hasSize(1);
        assertLiveIsTheOldTree();
        assertThat(fs.recover(false).total()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aFailedSwapWhoseCleanupFailsToo_saysSo_andRecoveryOfTheSameStoreReclaimsTheLink(String where)
            throws IOException {
        Path root = open(where);
        fs.atomicWrite(VPath.of("st1/f"), NEW, WriteOptions.DEFAULT);
        faulty.inject(Injector.when(op -> op.kind() == OpKind.RENAME && op.path().getFileName().toString().equals("live")
                        || op.kind() == OpKind.DELETE && LibraryNames.isTemp(op.path().getFileName().toString()),
                Injector.error("EIO")));
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("st1"), VPath.of("live"), true))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).as("the failed removal of the temp link, kept with "
                        + "the disk's error").hasSize(1));
        faulty.inject(op -> null);
        List<String> left = library(root, ".vfs-tmp-");
        assertThat(left).hasSize(1);
        assertLiveIsTheOldTree();
        // The switch is over: its temp link is no longer in use, so this store's own recovery may take it.
        RecoveryReport applied = fs.recover(true);
        assertThat(applied.tempFiles()).containsExactlyElementsOf(left);
        assertThat(applied.abandonedGenerations()).hasSize(1);
        assertThat(library(root, ".vfs-tmp-")).isEmpty();
        assertLiveIsTheOldTree();
        assertThat(fs.recover(false).total()).isZero();
    }
}
