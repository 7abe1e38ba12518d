package io.vikingfs.memory;

import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.CrashExplorer;
import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.Violation;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The third window of the local protocols' check-then-act set — between {@code switchDirectory}'s pointer swap
 * and the reclaim of the old generation — is a crash-ordering window, not a race: the switch lock already keeps
 * other switches out ({@code InterleavingTest} in backend-local). The mistake there is reclaiming the old tree
 * before the new pointer is durable; only the power-loss explorer can see it, and must, on every run.
 */
class ReclaimBeforePointerDurableTest {
    private static final String GENERATION_PREFIX = ".vfs-gen-";
    private static final String TEMP_PREFIX = ".vfs-tmp-";

    /**
     * The real switch protocol, on a disk that holds back the sync of the directory holding a freshly swapped
     * pointer until the old generation's directory is deleted: the switch then reclaims before its pointer is
     * durable, and a power loss in between can keep the old pointer to a deleted tree.
     */
    static MemoryVikingFs.Layers reclaimBeforePointerDurable() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            private Path heldBack;

            @Override
            public synchronized void rename(Path src, Path dst) throws IOException {
                DiskStat st = delegate().stat(src);
                super.rename(src, dst);
                if (src.getFileName().toString().startsWith(TEMP_PREFIX) && st != null && st.isSymlink()) {
                    heldBack = dst.getParent(); // a pointer swap: its directory sync is what the bug delays
                }
            }

            @Override
            public synchronized void syncDirectory(Path dir) throws IOException {
                if (!dir.equals(heldBack)) {
                    super.syncDirectory(dir);
                }
            }

            @Override
            public synchronized void delete(Path path) throws IOException {
                super.delete(path);
                if (heldBack != null && path.getFileName().toString().startsWith(GENERATION_PREFIX)
                        && heldBack.equals(path.getParent())) {
                    Path dir = heldBack;
                    heldBack = null;
                    super.syncDirectory(dir); // the pointer becomes durable only now, after the reclaim
                }
            }
        }, (fs, disk) -> fs);
    }

    private static final Workload SECOND_SWITCH = new Workload("switch-over-a-switched-live",
            List.of(new Call.Write("c0/1.json", "{\"m\":1}", true, false),
                    new Call.Write("c0/2.json", "{\"m\":2}", true, false),
                    new Call.Switch("c0", "live", true),
                    new Call.Write("c1/1.json", "{\"m\":1,\"gen\":1}", true, false),
                    new Call.Write("c1/2.json", "{\"m\":2,\"gen\":1}", true, false)),
            List.of(new Call.Switch("c1", "live", true)));

    private static List<Violation> explore(String name, MemoryVikingFs.Layers layers) throws IOException {
        return new CrashExplorer(new MemoryCrashableStores(name, layers), ExplorerOptions.defaults(), new CrashReport())
                .explore(SECOND_SWITCH);
    }

    @Test
    void variant_oldGenerationReclaimedBeforeThePointerIsDurable_isCaughtAsALostLiveTree() throws IOException {
        List<Violation> found = explore("memory+reclaim-before-pointer-durable", reclaimBeforePointerDurable());
        assertThat(found).as("the explorer must see live lose its tree").isNotEmpty();
        assertThat(found.stream().map(Violation::code)).allMatch(c -> c.startsWith("D"), "a D invariant");
    }

    @Test
    void theRealSwitch_passesTheSameWorkload() throws IOException {
        assertThat(explore("memory", MemoryVikingFs.Layers.NONE)).isEmpty();
    }
}
