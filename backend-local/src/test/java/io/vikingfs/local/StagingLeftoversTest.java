package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
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
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a crashed {@code stage} can leave, planted on disk as the crash leaves it (Staging's Javadoc: the record is
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

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> faulty = new FaultyDisk(d));
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
}
