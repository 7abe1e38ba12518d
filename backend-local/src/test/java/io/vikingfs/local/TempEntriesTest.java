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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
