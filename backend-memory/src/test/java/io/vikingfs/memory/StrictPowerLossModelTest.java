package io.vikingfs.memory;

import io.vikingfs.memory.CrashOptions.Model;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two power-loss models side by side on one recording (docs/contract.md §3): journaling commits a rename
 * whole once either directory is synced; strict POSIX keeps each directory's half of a rename across directories
 * apart, durable only by that directory's own sync, and a rename within one directory as one change.
 */
class StrictPowerLossModelTest {
    private CrashableDisk disk;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = JimfsStores.newRoot("/store");
        Files.createDirectory(root.resolve("s"));
        Files.createDirectory(root.resolve("d"));
        disk = new CrashableDisk(new NioDisk(root)); // the two directories exist, synced
        try (DiskFile f = disk.createNew(root.resolve("s/a"))) {
            f.write(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)), 0);
            f.sync();
        }
        disk.syncDirectory(root.resolve("s"));
    }

    private static boolean exists(Path materialized, String name) {
        return Files.exists(materialized.resolve(name));
    }

    /** Renames s/a to d/b, syncs one of the two directories, and returns the crash point. */
    private Snapshot renamedAcross_thenSynced(String dir) throws IOException {
        disk.rename(root.resolve("s/a"), root.resolve("d/b"));
        disk.syncDirectory(root.resolve(dir));
        return disk.snapshot();
    }

    @Test
    void renameAcrossDirectories_targetSynced_journalingKeepsItWhole_strictKeepsBothNames() throws IOException {
        Snapshot s = renamedAcross_thenSynced("d");
        Path journaling = s.materialize(s.syncedOnly(Model.JOURNALING));
        assertThat(exists(journaling, "d/b")).isTrue();
        assertThat(exists(journaling, "s/a")).as("the journal committed the removal with the new name").isFalse();
        Path strict = s.materialize(s.syncedOnly(Model.STRICT_POSIX));
        assertThat(exists(strict, "d/b")).isTrue();
        assertThat(exists(strict, "s/a")).as("the source directory was never synced").isTrue();
        assertThat(s.pending(Model.JOURNALING)).isEmpty();
        assertThat(s.pending(Model.STRICT_POSIX)).hasSize(1);
        assertThat(s.pending(Model.STRICT_POSIX).get(0).description()).contains("removes a");
    }

    @Test
    void renameAcrossDirectories_onlySourceSynced_strictLosesItAtBothNames() throws IOException {
        Snapshot s = renamedAcross_thenSynced("s");
        assertThat(exists(s.materialize(s.syncedOnly(Model.JOURNALING)), "d/b")).isTrue();
        Path strict = s.materialize(s.syncedOnly(Model.STRICT_POSIX));
        assertThat(exists(strict, "d/b") || exists(strict, "s/a"))
                .as("why the protocols sync the target directory first").isFalse();
    }

    @Test
    void renameAcrossDirectories_unsynced_strictHalvesPersistIndependently() throws IOException {
        disk.rename(root.resolve("s/a"), root.resolve("d/b"));
        Snapshot s = disk.snapshot();
        assertThat(s.pending(Model.JOURNALING)).hasSize(1);
        assertThat(s.pending(Model.STRICT_POSIX)).hasSize(2);
        for (int half = 0; half < 2; half++) {
            BitSet one = new BitSet();
            one.set(half);
            Path p = s.materialize(new Snapshot.Selection(one, Map.of(), -1, Model.STRICT_POSIX));
            // The removal alone: at neither name; the new name alone: at both (one file, two names).
            assertThat(exists(p, "s/a")).isEqualTo(half == 1);
            assertThat(exists(p, "d/b")).isEqualTo(half == 1);
        }
        Path whole = s.materialize(new Snapshot.Selection(bits(0), Map.of(), -1, Model.JOURNALING));
        assertThat(exists(whole, "s/a")).isFalse();
        assertThat(exists(whole, "d/b")).isTrue();
    }

    @Test
    void renameWithinOneDirectory_isOneChangeUnderBothModels() throws IOException {
        disk.rename(root.resolve("s/a"), root.resolve("s/b"));
        Snapshot s = disk.snapshot();
        assertThat(s.pending(Model.STRICT_POSIX)).hasSize(1);
        Path none = s.materialize(s.syncedOnly(Model.STRICT_POSIX));
        assertThat(exists(none, "s/a")).isTrue();
        assertThat(exists(none, "s/b")).isFalse();
        Path all = s.materialize(s.everything(Model.STRICT_POSIX));
        assertThat(exists(all, "s/a")).isFalse();
        assertThat(exists(all, "s/b")).isTrue();
    }

    @Test
    void fsyncThroughADescriptorOpenedForReading_makesTheDataDurable() throws IOException {
        try (DiskFile f = disk.openWrite(root.resolve("s/a"))) {
            f.write(ByteBuffer.wrap("++".getBytes(StandardCharsets.UTF_8)), 5);
        }
        try (DiskFile r = disk.openRead(root.resolve("s/a"))) {
            r.sync();
        }
        Snapshot s = disk.snapshot();
        assertThat(Files.readString(s.materialize(s.syncedOnly(Model.STRICT_POSIX)).resolve("s/a")))
                .isEqualTo("bytes++");
    }

    @Test
    void crashOptions_pickTheModel_aNonDurableRenameAcrossDirectories() throws IOException {
        io.vikingfs.VPath a = io.vikingfs.VPath.of("s/a");
        io.vikingfs.VPath b = io.vikingfs.VPath.of("d/b");
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            fs.atomicWrite(a, "x".getBytes(StandardCharsets.UTF_8), io.vikingfs.WriteOptions.DEFAULT);
            fs.mkdirs(b.parent());
            fs.rename(a, b, new io.vikingfs.RenameOptions(false, false)); // syncs only its target directory
            assertThat(CrashOptions.syncedOnly().model()).isEqualTo(Model.JOURNALING);
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly())) {
                assertThat(after.exists(a)).isFalse();
                assertThat(after.exists(b)).isTrue();
            }
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(Model.STRICT_POSIX))) {
                assertThat(after.exists(a)).as("the source's removal was never synced").isTrue();
                assertThat(after.exists(b)).isTrue();
                after.append(a, "{\"old\":1}", true); // recovery gave each name its own copy
                assertThat(after.read(b)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }
}
