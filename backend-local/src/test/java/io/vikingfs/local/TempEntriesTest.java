package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The library's temp entries ({@link TempFiles}): those of a writer still at work in this JVM — an atomic write's
 * temp file, a rename's link — are never reported or reclaimed by this JVM's recovery (it would pull the file from
 * under the writer), even with a reclaim age of zero; and a temp file whose write or sync failed is removed and its
 * descriptor closed before the error reaches the caller (nothing left behind, README "Recovery").
 */
class TempEntriesTest {
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private PausingDisk pausing;
    private FlushFailingDisk failing;
    private OpenFiles open;
    private FailingCloseDisk closing;

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> pausing = new PausingDisk(failing = new FlushFailingDisk(
                closing = new FailingCloseDisk(open = new OpenFiles(d)))));
        // Age zero: every temp file not in flight is a leftover (as on the memory backend), so only the in-flight
        // registration keeps recovery off a live writer's files.
        fs = LocalVikingFs.open(stores.disk, LocalOptions.DEFAULT.withTempReclaimAge(Duration.ZERO));
        fs.mkdirs(VPath.of("a"));
        fs.mkdirs(VPath.of("b"));
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
        stores.close();
    }

    private List<String> entries(String dir) throws IOException {
        try (Stream<Path> s = Files.list(stores.root.resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LibraryNames.DIRECTORY_LOCK)).sorted()
                    .toList();
        }
    }

    /** Holds {@code writer} at {@code pause} and runs this JVM's recovery meanwhile: it reports nothing. */
    private void recoveryWhileHeld(PausingDisk.Pause pause, Interleaving.Call writer) throws Exception {
        Interleaving.Result r = Interleaving.run(pause, writer, () -> fs.recover(true));
        assertThat(r.secondFinishedInWindow()).as("recovery ran while the writer was held").isTrue();
        assertThat(r.second().ok()).as("recovery %s", r.second()).isTrue();
        assertThat(((RecoveryReport) r.second().value()).total()).as("recovery %s", r.second()).isZero();
        assertThat(r.first().ok()).as("the writer %s", r.first()).isTrue();
    }

    @Test
    void anAtomicWritesTempFile_isNotTouchedByThisJvmsRecovery_whileItsWriterIsAtWork() throws Exception {
        recoveryWhileHeld(pausing.pause(PausingDisk.When.AFTER, PausingDisk.Op.WRITE,
                PausingDisk.under(LibraryNames.TEMP_PREFIX)),
                () -> fs.atomicWrite(VPath.of("a/doc"), F, WriteOptions.DEFAULT));
        assertThat(fs.read(VPath.of("a/doc"))).isEqualTo(F);
        assertThat(entries("a")).containsExactly("doc");
    }

    @Test
    void aRenamesLink_isNotTouchedByThisJvmsRecovery_whileTheRenameIsAtWork() throws Exception {
        fs.atomicWrite(VPath.of("a/doc"), F, WriteOptions.DEFAULT);
        recoveryWhileHeld(pausing.pause(PausingDisk.When.AFTER, PausingDisk.Op.LINK,
                PausingDisk.under(LibraryNames.RENAME_LINK_PREFIX)), () -> {
                    fs.rename(VPath.of("a/doc"), VPath.of("b/doc"), RenameOptions.DEFAULT);
                    return null;
                });
        assertThat(fs.read(VPath.of("b/doc"))).isEqualTo(F);
        assertThat(entries("a")).isEmpty();
        assertThat(entries("b")).containsExactly("doc");
    }

    @Test
    void aTempName_isNoLongerInFlight_onceItsWriteReturnedOrFailed() throws IOException {
        // The in-flight set would otherwise keep one name per write for the life of the JVM (TempFiles: "registered
        // as in flight until done").
        java.util.List<Path> temps = new java.util.concurrent.CopyOnWriteArrayList<>();
        pausing.pause(PausingDisk.When.BEFORE, PausingDisk.Op.WRITE, p -> {
            if (p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX)) {
                temps.add(p);
            }
            return false;
        });
        fs.atomicWrite(VPath.of("a/doc"), F, WriteOptions.DEFAULT);
        failing.failFlushesOf(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("b/doc"), F, WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class);
        assertThat(temps).hasSize(2).noneMatch(TempFiles::inFlight);
    }

    @Test
    void aTempName_isNoLongerInFlight_whenItsFileCouldNotEvenBeCreated() throws IOException {
        List<Path> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Stores full = Stores.on("jimfs", tmp.resolve("full"), d -> new ForwardingDisk(d) {
            @Override
            public DiskFile createNew(Path path) throws IOException {
                if (path.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX)) {
                    refused.add(path);
                    throw new IOException(path + ": no space left on device");
                }
                return super.createNew(path);
            }
        })) {
            LocalVikingFs store = full.open();
            assertThatThrownBy(() -> store.atomicWrite(VPath.of("doc"), F, WriteOptions.DEFAULT))
                    .hasMessageContaining("no space left");
            assertThat(refused).hasSize(1).noneMatch(TempFiles::inFlight);
        }
    }

    private static boolean isTemp(Path p) {
        return p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX);
    }

    /**
     * On Jimfs a target's temp name serves its next write (TempFiles.Names); on the real disk every write takes a
     * fresh one. A write that failed after making its temp file gives its name back to no one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jimfs", "disk"})
    void aTargetsTempName_servesItsNextWrites_inMemoryOnly_andNeverAfterAFailedWrite(String where) throws IOException {
        List<Path> temps = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean[] failRename = {false};
        try (Stores s = Stores.on(where, tmp.resolve("store"), d -> new ForwardingDisk(d) {
            @Override
            public DiskFile createNew(Path path) throws IOException {
                if (isTemp(path)) {
                    temps.add(path);
                }
                return super.createNew(path);
            }

            @Override
            public void rename(Path src, Path dst) throws IOException {
                if (failRename[0] && isTemp(src)) {
                    throw new IOException(src + ": input/output error");
                }
                super.rename(src, dst);
            }
        })) {
            LocalVikingFs store = s.open();
            VPath doc = VPath.of("doc");
            store.atomicWrite(doc, F, WriteOptions.DEFAULT);
            store.atomicWrite(doc, F, WriteOptions.DEFAULT);
            store.atomicWrite(VPath.of("other"), F, WriteOptions.DEFAULT);
            failRename[0] = true;
            assertThatThrownBy(() -> store.atomicWrite(doc, F, WriteOptions.DEFAULT))
                    .hasMessageContaining("input/output error");
            failRename[0] = false;
            store.atomicWrite(doc, F, WriteOptions.DEFAULT);
            store.atomicWrite(doc, F, WriteOptions.DEFAULT);

            assertThat(temps).hasSize(6);
            if (where.equals("jimfs")) {
                Path kept = temps.get(0);
                Path other = temps.get(2);
                Path fresh = temps.get(4);
                // doc twice, other, the failed doc write (doc's kept name), then doc twice under a fresh name
                assertThat(temps).containsExactly(kept, kept, other, kept, fresh, fresh);
                assertThat(List.of(kept, other, fresh)).doesNotHaveDuplicates();
            } else {
                assertThat(Set.copyOf(temps)).as("a fresh name each").hasSize(6);
            }
            assertThat(store.read(doc)).isEqualTo(F);
            assertThat(s.disk.list(s.root)).noneMatch(n -> n.startsWith(LibraryNames.TEMP_PREFIX));
        }
    }

    @Test
    void theTempNamesKeptForTheirTargets_areBounded() throws IOException {
        TempFiles.Names names = new TempFiles.Names(stores.disk);
        Path dir = stores.root.resolve("a");
        Path last = null;
        for (int i = 0; i <= TempFiles.Names.MAX_KEPT; i++) {
            Path target = dir.resolve("t" + i);
            last = names.claim(dir, target);
            TempFiles.done(last);
            names.gone(target, last);
            assertThat(names.kept()).isBetween(1, TempFiles.Names.MAX_KEPT);
        }
        Path again = names.claim(dir, dir.resolve("t" + TempFiles.Names.MAX_KEPT));
        TempFiles.done(again);
        assertThat(again).isEqualTo(last);
    }

    @Test
    void aTempFileWhoseSyncFailed_isRemovedAndClosed_beforeTheErrorReachesTheCaller() throws IOException {
        failing.failFlushesOf(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("a/doc"), F, WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("a/doc");
        assertThat(entries("a")).as("no temp file left").isEmpty();
        assertThat(open.count(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX))).isZero();
    }

    @Test
    void aTempFileWhoseSyncFailed_andWhoseCloseFailed_reportsTheCloseToo() throws IOException {
        failing.failFlushesOf(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX));
        closing.failClosesOf(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("a/doc"), F, WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).as("the failed cleanup, nothing lost silently")
                        .containsExactlyElementsOf(closing.thrown));
        assertThat(closing.thrown).hasSize(1);
        assertThat(entries("a")).as("no temp file left").isEmpty();
        assertThat(open.count(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX))).isZero();
    }
}
