package io.vikingfs.memory;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery gives each name of a file found at two names its own copy (README, {@code recover}: "so a write to one
 * path never changes another"); the copy is put in place durably before {@code recover} returns. Otherwise a power
 * loss after a durable append to the first name can bring the second name back to the shared file, now showing
 * that append. Both power-loss models.
 */
class SplitFileDurabilityTest {
    private static final VPath A = VPath.of("a/log.jsonl");
    private static final VPath B = VPath.of("b/log.jsonl");

    @Test
    void aDurableAppendToOneNameAfterTheSplit_neverShowsAtTheOther_afterAPowerLoss() throws IOException {
        Disk[] disk = new Disk[1];
        MemoryVikingFs.Layers capture = new MemoryVikingFs.Layers(d -> disk[0] = d, MemoryVikingFs.Layers.NONE.fs());
        try (MemoryVikingFs fs = MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                URI.create("mem:split-file-durability"), capture, null)) {
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
}
