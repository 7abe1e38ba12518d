package io.vikingfs.memory;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What recovery settles about a file's names is durable when {@code recover} returns, under both power-loss
 * models. A file at two names gets a copy per name (README, {@code recover}: "so a write to one path never changes
 * another"): otherwise a power loss after a durable append to the first name can bring the second name back to the
 * shared file, now showing that append. A rename link left as a file's only name becomes the target (a link, then
 * the rename link's removal): otherwise a power loss can keep the removal without the new name, and the file is
 * gone.
 */
class SettledNamesDurabilityTest {
    private static final VPath A = VPath.of("a/log.jsonl");
    private static final VPath B = VPath.of("b/log.jsonl");

    private static MemoryVikingFs open(UnaryOperator<Disk> disk) throws IOException {
        return MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()), URI.create("mem:settled-names"),
                new MemoryVikingFs.Layers(disk, MemoryVikingFs.Layers.NONE.fs()), null);
    }

    /**
     * A strict-POSIX power loss during a no-replace rename a/log.jsonl -> b/log.jsonl: the source's removal and the
     * (synced) rename link kept, the target's entry not — the rename link is the file's only name.
     */
    private static void leaveTheRenameLinkAsTheOnlyName(MemoryVikingFs fs, Disk disk) throws IOException {
        fs.append(A, "{\"n\":0}", true);
        fs.mkdirs(B.parent());
        Path root = disk.root();
        disk.link(root.resolve("a/log.jsonl"), root.resolve("b/.vfs-mv-0123abcd-log.jsonl"));
        disk.syncDirectory(root.resolve("b"));
        disk.delete(root.resolve("a/log.jsonl"));
        disk.syncDirectory(root.resolve("a"));
    }

    @Test
    void aRenameLinkLeftAsTheOnlyName_isDurablyTheTarget_onceRecoverReturns() throws IOException {
        Disk[] disk = new Disk[1];
        try (MemoryVikingFs fs = open(d -> disk[0] = d)) {
            leaveTheRenameLinkAsTheOnlyName(fs, disk[0]);
            assertThat(fs.recover(true).other()).anyMatch(s -> s.startsWith("b/log.jsonl (restored from its rename link"));
            for (CrashOptions.Model model : CrashOptions.Model.values()) {
                for (long seed = 0; seed < 16; seed++) {
                    try (MemoryVikingFs after = fs.crash(CrashOptions.random(seed).withModel(model))) {
                        assertThat(after.readRecords(B).records()).as("%s, seed %d", model, seed)
                                .containsExactly("{\"n\":0}");
                    }
                }
            }
        }
    }

    @Test
    void aDurableAppendToOneNameAfterTheSplit_neverShowsAtTheOther_afterAPowerLoss() throws IOException {
        Disk[] disk = new Disk[1];
        try (MemoryVikingFs fs = open(d -> disk[0] = d)) {
            fs.append(A, "{\"n\":0}", true);
            fs.mkdirs(B.parent());
            // Both names of a rename kept by a power loss (or a hard link made outside the library), durably.
            Path root = disk[0].root();
            disk[0].link(root.resolve("a/log.jsonl"), root.resolve("b/log.jsonl"));
            disk[0].syncDirectory(root.resolve("b"));
            assertThat(fs.recover(true).other()).anyMatch(s -> s.startsWith("b/log.jsonl (the same file as a/log.jsonl"));
            fs.append(A, "{\"only\":\"a\"}", true);
            for (CrashOptions.Model model : CrashOptions.Model.values()) {
                try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                    assertThat(after.readRecords(A).records()).as("%s: a's durable append", model)
                            .containsExactly("{\"n\":0}", "{\"only\":\"a\"}");
                    assertThat(after.readRecords(B).records()).as("%s: b is a file of its own", model)
                            .containsExactly("{\"n\":0}");
                }
            }
        }
    }
    /**
     * Dies (throws) at the first directory sync after a rename link was deleted: recovery stops right there. Only
     * once: the stores a crash opens afterwards get the same layers.
     */
    private static final class DyingAfterLinkRemoval extends ForwardingDisk {
        private final AtomicBoolean armed;
        private volatile boolean removed;

        DyingAfterLinkRemoval(Disk delegate, AtomicBoolean armed) {
            super(delegate);
            this.armed = armed;
        }

        @Override
        public void delete(Path path) throws IOException {
            super.delete(path);
            removed |= path.getFileName().toString().startsWith(".vfs-mv-");
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            if (removed && armed.getAndSet(false)) {
                throw new IOException("the process died before syncing " + dir);
            }
            super.syncDirectory(dir);
        }
    }

    @Test
    void aPowerLossWhileRecoveryRestoresARenameLink_neverLosesTheFile() throws IOException {
        Disk[] disk = new Disk[1];
        AtomicBoolean armed = new AtomicBoolean(true);
        try (MemoryVikingFs fs = open(d -> disk[0] = new DyingAfterLinkRemoval(d, armed))) {
            leaveTheRenameLinkAsTheOnlyName(fs, disk[0]);
            // Recovery links the target, removes the rename link, and dies before anything else is synced: the
            // link's removal must not be able to persist without the new name (strict POSIX: two changes of b/).
            assertThatThrownBy(() -> fs.recover(true)).hasMessageContaining("died");
            for (CrashOptions.Model model : CrashOptions.Model.values()) {
                for (long seed = 0; seed < 32; seed++) {
                    try (MemoryVikingFs after = fs.crash(CrashOptions.random(seed).withModel(model))) {
                        after.recover(true);
                        assertThat(after.readRecords(B).records()).as("%s, seed %d", model, seed)
                                .containsExactly("{\"n\":0}");
                    }
                }
            }
        }
    }
}
