package io.vikingfs.memory;

import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.spi.StagingNames;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A library-owned staging across power losses, under both models (docs/contract.md §2 {@code stage}: "durable on
 * return"; S1: recovery reclaims an abandoned staging, and a crash during recovery is itself recoverable). The
 * staging directory and its record are both on disk after a power loss that follows {@code stage}'s return — seen
 * as the restarted store finds them, before its recovery runs. And recovery removes an abandoned staging's tree
 * durably before its record: a power loss right after it never leaves a staging directory without the record that
 * lets the next recovery reclaim it.
 */
class StagingDurabilityTest {
    /** The record's name prefix, as the local backend writes it on disk (a format other processes read). */
    private static final String RECORD_PREFIX = ".vfs-stage-";
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);

    private static MemoryVikingFs open(UnaryOperator<Disk> disk) throws IOException {
        return MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()), URI.create("mem:staging-durability"),
                new MemoryVikingFs.Layers(disk, MemoryVikingFs.Layers.NONE.fs()), null);
    }

    private static List<String> names(Disk disk, String dir) {
        try {
            Path p = disk.root().resolve(dir);
            return disk.stat(p) == null ? List.of() : disk.list(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStagingAndItsRecord_areOnDiskAfterAPowerLoss_onceStageReturned() throws IOException {
        List<List<String>> found = new ArrayList<>(); // w/ as each store opened on this state finds it, before recovery
        try (MemoryVikingFs fs = open(d -> {
            found.add(names(d, "w"));
            return d;
        })) {
            StagedDirectory staged = fs.stage(VPath.of("w/live"));
            String id = StagingNames.idOf(staged.path().name());
            for (CrashOptions.Model model : CrashOptions.Model.values()) {
                found.clear();
                try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                    assertThat(found).as("%s: what the restarted store found in w/", model).singleElement()
                            .asList().contains(staged.path().name(), RECORD_PREFIX + id);
                    assertThat(after.exists(staged.path())).as("%s: reclaimed by its recovery", model).isFalse();
                }
            }
        }
    }

    @Test
    void aPowerLossAfterRecoveryReclaimedAStaging_neverLeavesItsTreeWithoutItsRecord() throws IOException {
        Disk[] disk = new Disk[1];
        try (MemoryVikingFs fs = open(d -> disk[0] = d)) {
            // An abandoned staging as a dead owner leaves it: record synced, then the directory, filled durably.
            String id = StagingNames.newId();
            String staging = StagingNames.name("live", id);
            fs.atomicWrite(VPath.of("w", staging, "g"), F, WriteOptions.DEFAULT);
            Path w = disk[0].root().resolve("w");
            try (DiskFile record = disk[0].createNew(w.resolve(RECORD_PREFIX + id))) {
                record.write(ByteBuffer.wrap((staging + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                record.sync();
            }
            disk[0].syncDirectory(w);
            assertThat(fs.recover(true).abandonedStaging()).containsExactly("w/" + staging);
            for (CrashOptions.Model model : CrashOptions.Model.values()) {
                for (long seed = 0; seed < 16; seed++) {
                    try (MemoryVikingFs after = fs.crash(CrashOptions.random(seed).withModel(model))) {
                        assertThat(after.exists(VPath.of("w", staging))).as("%s, seed %d: the staging after the next "
                                + "recovery", model, seed).isFalse();
                    }
                }
            }
        }
    }
}
