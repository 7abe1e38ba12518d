package io.vikingfs.memory;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletes and renames under the harshest power loss — only what was synced survives — in either crash model:
 * {@code delete}, {@code deleteIfExists} and {@code deleteRecursively} are durable (their Javadoc in
 * {@link io.vikingfs.VikingFs}), so what they deleted (a file, an empty directory, a tree, a live directory of
 * {@code switchDirectory}, its pointer and its generation) never comes back; a durable rename across directories
 * leaves {@code src} gone (R2), whatever the two directories' own sync histories; and a durable write that lands
 * between a replacing rename and the removal of its rename link is kept (W2).
 */
class DurableNamespaceTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(CrashOptions.Model.class)
    void deletesThatReturned_surviveAPowerLoss(CrashOptions.Model model) throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            for (String file : new String[] {"d/file", "d/maybe", "files/one", "tree/a/b/deep", "tree/a/c", "tree/top",
                    "staged/f", "kept/f"}) {
                fs.atomicWrite(VPath.of(file), utf8(file), WriteOptions.DEFAULT);
            }
            fs.mkdirs(VPath.of("d/empty"));
            fs.mkdirs(VPath.of("emptyStaged"));
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
            fs.switchDirectory(VPath.of("emptyStaged"), VPath.of("emptyLive"), true);

            fs.delete(VPath.of("d/file"));
            assertThat(fs.deleteIfExists(VPath.of("d/maybe"))).isTrue();
            fs.delete(VPath.of("d/empty"));
            fs.deleteRecursively(VPath.of("files/one"));
            fs.deleteRecursively(VPath.of("tree"));
            fs.delete(VPath.of("emptyLive")); // an empty live directory: its pointer, then its generation
            fs.deleteRecursively(VPath.of("live")); // last: no later delete in the root syncs it

            assertThat(fs.recover(false).total()).as("the generations of the deleted live directories are deleted")
                    .isZero();
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                for (String gone : new String[] {"d/file", "d/maybe", "d/empty", "files/one", "tree", "live",
                        "emptyLive"}) {
                    assertThat(after.exists(VPath.of(gone))).as("%s deleted before the power loss", gone).isFalse();
                }
                assertThat(after.read(VPath.of("kept/f"))).isEqualTo(utf8("kept/f"));
                assertThat(after.recover(false).total()).as("nothing of the deleted live directories left").isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CrashOptions.Model.class)
    void aDurableRenameAcrossDirectories_leavesTheSourceGone_afterAPowerLoss(CrashOptions.Model model)
            throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            // The source's directory has been synced many times, the target's never: their sync counts differ.
            for (int i = 0; i < 12; i++) {
                fs.atomicWrite(VPath.of("a/f" + i), utf8("v" + i), WriteOptions.DEFAULT);
            }
            fs.mkdirs(VPath.of("b"));
            fs.rename(VPath.of("a/f3"), VPath.of("b/g"), RenameOptions.DEFAULT);
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                assertThat(after.read(VPath.of("b/g"))).isEqualTo(utf8("v3"));
                assertThat(after.exists(VPath.of("a/f3"))).as("the source of a durable rename").isFalse();
            }
        }
    }

    /**
     * The rename link of a replacing rename names the renamed file until it is removed; if a durable write replaced
     * dst before that removal was durable, a power loss could keep the link as that file's only name, and recovery
     * would move it over the newer file. The write runs on the rename's thread just before the link's removal,
     * as another writer landing there would.
     */
    @ParameterizedTest
    @EnumSource(CrashOptions.Model.class)
    void aDurableWriteBetweenAReplacingRenameAndItsLinksRemoval_survivesAPowerLoss(CrashOptions.Model model)
            throws IOException {
        AtomicReference<VikingFs> store = new AtomicReference<>();
        AtomicBoolean written = new AtomicBoolean();
        MemoryVikingFs.Layers writeBeforeLinkRemoval = new MemoryVikingFs.Layers(d -> new ForwardingDisk(d) {
            @Override
            public void delete(Path path) throws IOException {
                if (path.getFileName().toString().startsWith(".vfs-mvr-") && written.compareAndSet(false, true)) {
                    store.get().atomicWrite(VPath.of("b/g"), utf8("newer, durable"), WriteOptions.DEFAULT);
                }
                super.delete(path);
            }
        }, (fs, d) -> fs);
        try (MemoryVikingFs fs = MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                URI.create("mem:replacing-rename-" + model), writeBeforeLinkRemoval, null)) {
            store.set(fs);
            fs.atomicWrite(VPath.of("a/f"), utf8("renamed"), WriteOptions.DEFAULT);
            fs.atomicWrite(VPath.of("b/g"), utf8("replaced"), WriteOptions.DEFAULT);
            fs.rename(VPath.of("a/f"), VPath.of("b/g"), RenameOptions.DEFAULT.withReplace(true));
            assertThat(written).as("the write landed between the rename and the link's removal").isTrue();
            assertThat(fs.read(VPath.of("b/g"))).isEqualTo(utf8("newer, durable"));
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                assertThat(after.read(VPath.of("b/g"))).as("W2: the later durable write").isEqualTo(
                        utf8("newer, durable"));
                assertThat(after.exists(VPath.of("a/f"))).isFalse();
            }
        }
    }

    /**
     * A durable write makes every directory on its way durably linked, "once per directory per instance"
     * ({@link io.vikingfs.local.LocalVikingFs}): a directory deleted and made again under the same name is a new
     * one, whose entry is synced again; a directory already known costs no flush more.
     */
    @ParameterizedTest
    @EnumSource(CrashOptions.Model.class)
    void aDirectoryMadeAgainAfterADelete_isDurablyLinkedAgain_aKnownOneCostsNoFlushMore(CrashOptions.Model model)
            throws IOException {
        AtomicReference<CountingDisk> counting = new AtomicReference<>();
        // Counts the first store's disk only: the stores a crash opens get their own disk through the same layer.
        MemoryVikingFs.Layers counted = new MemoryVikingFs.Layers(
                d -> counting.compareAndSet(null, new CountingDisk(d)) ? counting.get() : d, (fs, d) -> fs);
        try (MemoryVikingFs fs = MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                URI.create("mem:made-again-" + model), counted, null)) {
            fs.atomicWrite(VPath.of("d/e/f"), utf8("first"), WriteOptions.DEFAULT);
            CountingDisk.Counts before = counting.get().counts();
            fs.atomicWrite(VPath.of("d/e/g"), utf8("known"), WriteOptions.DEFAULT);
            assertThat(counting.get().counts().minus(before).directorySyncs())
                    .as("a durable write into known directories syncs its own directory only").isEqualTo(1);
            fs.deleteRecursively(VPath.of("d"));
            fs.atomicWrite(VPath.of("d/e/f"), utf8("second"), WriteOptions.DEFAULT);
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                assertThat(after.read(VPath.of("d/e/f"))).as("W2, in directories made again").isEqualTo(
                        utf8("second"));
            }
        }
    }
}
