package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.RecoveryReport;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.local.disk.FaultyDisk.Injector;
import io.vikingfs.local.disk.FaultyDisk.OpKind;
import io.vikingfs.spi.StagingNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Library-owned stagings ({@link Staging}; docs/contract.md §2 {@code stage}, S1). The owner holds the record (its
 * descriptor and lock) until it commits or aborts — then the record is gone and its descriptor closed — or closes
 * the store, which closes the descriptor and leaves the staging to the next open's recovery; a stage into a
 * directory whose sync failed is refused before anything is written there (a failed flush is final).
 *
 * <p>What a crashed {@code stage} can leave, planted on disk as the crash leaves it (Staging's Javadoc: the record is
 * written and synced before the staging directory is created), and what recovery makes of it: an abandoned staging
 * is reported by a dry run and removed, tree first, by {@code recover(true)}; a torn record (its staging never
 * created) or a record naming nothing is reported and dropped; a record never removes a live directory's pointer.
 * And a {@code stage} that fails leaves no record.
 */
class StagingLeftoversTest {
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private FaultyDisk faulty;
    private OpenFiles open;
    private FailingCloseDisk closing;

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> faulty = new FaultyDisk(closing = new FailingCloseDisk(open = new OpenFiles(d))));
        fs = stores.open();
        fs.atomicWrite(VPath.of("w/live/f"), F, WriteOptions.DEFAULT);
    }

    @AfterEach
    void close() throws IOException {
        stores.close();
    }

    /** Plants a record of a staging of {@code w/live} holding {@code content}; returns the record's name. */
    private String record(String id, String content) throws IOException {
        String name = LibraryNames.STAGE_RECORD_PREFIX + id;
        Files.write(stores.root.resolve("w").resolve(name), content.getBytes(StandardCharsets.UTF_8));
        return name;
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(stores.root.resolve("w"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".vfs-lock")).sorted().toList();
        }
    }

    @Test
    void anAbandonedStaging_isReportedByADryRun_thenRemovedTreeAndRecord() throws IOException {
        String id = StagingNames.newId();
        String staging = StagingNames.name("live", id);
        fs.atomicWrite(VPath.of("w", staging, "sub/f"), F, WriteOptions.DEFAULT);
        String record = record(id, staging + "\n");
        RecoveryReport dry = fs.recover(false);
        assertThat(dry.abandonedStaging()).containsExactly("w/" + staging);
        assertThat(dry.total()).isEqualTo(1);
        assertThat(entries()).containsExactlyInAnyOrder("live", staging, record);
        RecoveryReport applied = fs.recover(true);
        assertThat(applied.abandonedStaging()).containsExactly("w/" + staging);
        assertThat(entries()).containsExactly("live");
        assertThat(fs.read(VPath.of("w/live/f"))).isEqualTo(F);
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aTornRecordOrOneNamingNothing_isReportedAndDropped() throws IOException {
        String id = StagingNames.newId();
        String torn = record(id, StagingNames.name("live", id)); // cut before its newline: never synced
        String other = StagingNames.newId();
        String missing = record(other, StagingNames.name("live", other) + "\n"); // its directory never created
        RecoveryReport dry = fs.recover(false);
        assertThat(dry.other()).containsExactlyInAnyOrder("w/" + torn, "w/" + missing);
        assertThat(dry.abandonedStaging()).isEmpty();
        assertThat(entries()).containsExactlyInAnyOrder("live", torn, missing);
        assertThat(fs.recover(true).other()).containsExactlyInAnyOrder("w/" + torn, "w/" + missing);
        assertThat(entries()).containsExactly("live");
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aRecordNamingALiveDirectorysPointer_neverRemovesIt() throws IOException {
        String id = StagingNames.newId();
        String staging = StagingNames.name("live", id);
        // A staging that was switched in as a live directory of that name (a pointer), its record left behind.
        fs.atomicWrite(VPath.of("w/s/g"), F, WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("w/s"), VPath.of("w", staging), true);
        String record = record(id, staging + "\n");
        assertThat(fs.recover(true).other()).containsExactly("w/" + record);
        assertThat(fs.read(VPath.of("w", staging, "g"))).isEqualTo(F);
        assertThat(entries()).doesNotContain(record);
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aStageThatFailsToCreateItsDirectory_leavesNoRecord() throws IOException {
        faulty.inject(Injector.when(op -> op.kind() == OpKind.MKDIR, Injector.error("EIO creating the staging")));
        assertThatThrownBy(() -> fs.stage(VPath.of("w/live"))).isInstanceOf(IOException.class)
                .hasMessageContaining("EIO creating the staging");
        faulty.inject(op -> null);
        assertThat(entries()).containsExactly("live");
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void aFailedStage_whoseRecordCouldNeitherBeRemovedNorClosed_saysSoInItsError() throws IOException {
        faulty.inject(op -> op.kind() == OpKind.MKDIR ? new IOException("EIO creating the staging")
                : op.kind() == OpKind.DELETE ? new IOException("EIO removing the record") : null);
        closing.failClosesOf(p -> p.getFileName().toString().startsWith(LibraryNames.STAGE_RECORD_PREFIX));
        assertThatThrownBy(() -> fs.stage(VPath.of("w/live"))).isInstanceOf(IOException.class)
                .hasMessageContaining("EIO creating the staging")
                // the store's error names the path; the disk's error, its cause, carries the failed cleanup
                .satisfies(e -> assertThat((e.getCause() == null ? e : e.getCause()).getSuppressed())
                        .as("the failed cleanup, nothing lost silently")
                        .extracting(Throwable::getMessage).hasSize(2)
                        .anySatisfy(m -> assertThat(m).contains("EIO removing the record"))
                        .anySatisfy(m -> assertThat(m).contains("closing").contains(LibraryNames.STAGE_RECORD_PREFIX)));
        faulty.inject(op -> null);
        closing.failClosesOf(p -> false);
        assertThat(open.count(p -> p.getFileName().toString().startsWith(LibraryNames.STAGE_RECORD_PREFIX)))
                .as("the record's descriptor, closed though its close failed").isZero();
        assertThat(records()).as("the record its cleanup could not remove").hasSize(1);
        fs.recover(true);
        assertThat(records()).as("left to recovery, which removes it").isEmpty();
    }

    private List<String> records() throws IOException {
        try (Stream<Path> s = Files.list(stores.root.resolve("w"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(LibraryNames.STAGE_RECORD_PREFIX))
                    .toList();
        }
    }

    private long openRecords() {
        return open.count(p -> p.getFileName().toString().startsWith(LibraryNames.STAGE_RECORD_PREFIX));
    }

    @Test
    void aCommit_removesTheRecord_andClosesItsDescriptor() throws IOException {
        StagedDirectory staged = fs.stage(VPath.of("w/live"));
        fs.atomicWrite(staged.path().resolve("g"), F, WriteOptions.durable(false));
        assertThat(records()).hasSize(1);
        assertThat(openRecords()).isEqualTo(1);
        staged.commit(true);
        assertThat(records()).isEmpty();
        assertThat(openRecords()).isZero();
        assertThat(fs.read(VPath.of("w/live/g"))).isEqualTo(F);
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void anAbort_removesTheTreeAndTheRecord_andClosesItsDescriptor() throws IOException {
        StagedDirectory staged = fs.stage(VPath.of("w/live"));
        fs.atomicWrite(staged.path().resolve("g"), F, WriteOptions.durable(false));
        staged.close();
        assertThat(records()).isEmpty();
        assertThat(openRecords()).isZero();
        assertThat(fs.exists(staged.path())).isFalse();
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void closingTheStore_closesTheRecordsDescriptor_andLeavesTheStagingToTheNextRecovery() throws IOException {
        StagedDirectory staged = fs.stage(VPath.of("w/live"));
        fs.close();
        assertThat(openRecords()).isZero();
        assertThat(records()).hasSize(1);
        LocalVikingFs again = stores.open(); // its recovery reclaims the staging: no running owner is left
        assertThat(records()).isEmpty();
        assertThat(again.exists(staged.path())).isFalse();
        assertThat(again.read(VPath.of("w/live/f"))).isEqualTo(F);
    }

    @Test
    void aStageIntoADirectoryWhoseSyncFailed_isRefused_beforeAnythingIsWrittenThere() throws IOException {
        faulty.inject(Injector.when(op -> op.kind() == OpKind.SYNC_DIR && op.path().endsWith("w"),
                Injector.error("EIO syncing w")));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("w/doc"), F, WriteOptions.DEFAULT))
                .isInstanceOf(DurabilityLostException.class);
        List<FaultyDisk.Op> writes = new ArrayList<>();
        faulty.inject(op -> { // the device "recovers": the refusal must not depend on it failing again
            if (op.kind().writes()) {
                writes.add(op);
            }
            return null;
        });
        assertThatThrownBy(() -> fs.stage(VPath.of("w/live"))).isInstanceOf(DurabilityLostException.class)
                .hasMessageContaining("w/live").hasMessageContaining("an earlier flush of its directory failed");
        assertThat(writes).as("disk changes made by the refused stage").isEmpty();
        assertThat(records()).isEmpty();
    }
}
