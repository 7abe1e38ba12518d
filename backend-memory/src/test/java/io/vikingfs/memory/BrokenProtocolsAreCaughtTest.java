package io.vikingfs.memory;

import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.CrashExplorer;
import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.Violation;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.conformance.crash.Workloads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof that the explorer can fail: each deliberately broken protocol variant ({@link BrokenProtocols}) is run on
 * workloads that exercise its mistake, and the explorer must report the invariant it breaks.
 */
class BrokenProtocolsAreCaughtTest {
    private static List<Violation> explore(String name, MemoryVikingFs.Layers layers, Workload... workloads) throws IOException {
        CrashExplorer explorer = new CrashExplorer(new MemoryCrashableStores(name, layers), ExplorerOptions.defaults(),
                new CrashReport());
        List<Violation> all = new ArrayList<>();
        for (Workload w : workloads) {
            all.addAll(explorer.explore(w));
        }
        return all;
    }

    private static List<String> codes(List<Violation> vs) {
        return vs.stream().map(Violation::code).toList();
    }

    @Test
    void atomicWriteWithoutTempFileSync_isCaught_asAnEmptyOrPartialFile() throws IOException {
        List<Violation> found = explore("memory+no-temp-fsync", BrokenProtocols.noTempFileSync(),
                new Workload("registry-not-durable", List.of(new Call.Write("reg.json", "{\"v\":0}", true, false)),
                        List.of(new Call.Write("reg.json", "{\"v\":1,\"sessions\":[1,2,3]}", false, false))));
        assertThat(codes(found)).containsExactly("W3");
    }

    @Test
    void renameWithoutDirectorySync_whileClaimingDurability_isCaught() throws IOException {
        List<Violation> found = explore("memory+no-dir-sync", BrokenProtocols.noDirectorySync(),
                new Workload("durable-rename", List.of(new Call.Write("a", "{\"a\":0}", true, false)),
                        List.of(new Call.Rename("a", "b", false, true), new Call.Write("c", "{\"c\":1}", true, false))));
        // Even the setup's durable write is lost: its bytes are at neither name (R1), or the rename is undone (R2).
        assertThat(codes(found)).hasSize(1).first().isIn("R1", "R2", "W2");
    }

    @Test
    void appendWithoutTheLock_isCaught_asASplicedLine() throws IOException {
        List<Violation> found = explore("memory+append-without-lock", BrokenProtocols.appendWithoutLock(),
                new Workload("transcript", List.of(new Call.Append("t.jsonl", List.of("{\"n\":0}"), true)),
                        List.of(new Call.Append("t.jsonl", List.of("{\"n\":1,\"text\":\"hello\"}"), false))));
        assertThat(codes(found)).hasSize(1).first().isIn("A1", "A3");
    }

    @Test
    void tornTailRepairToAStaleLength_isCaught_asLostRecords() throws IOException {
        List<Violation> found = explore("memory+stale-length-repair", BrokenProtocols.staleLengthRepair(),
                new Workload("rollback-while-other-appends", List.of(),
                        List.of(new Call.Append("r.jsonl", List.of("{\"w\":\"A\",\"n\":1}"), true),
                                new Call.Append("r.jsonl", List.of("{\"w\":\"B\",\"n\":1}"), false))));
        assertThat(codes(found)).hasSize(1).first().isIn("A2", "A1");
    }

    @Test
    void switchDoneByMovingFilesOneByOne_isCaught_asAMixedOrMissingLiveTree() throws IOException {
        List<Violation> found = explore("memory+switch-file-by-file", BrokenProtocols.switchFileByFile(),
                new Workload("commit", List.of(new Call.Write("c0/1.json", "{\"m\":1}", true, false),
                        new Call.Write("c0/2.json", "{\"m\":2}", true, false),
                        new Call.Switch("c0", "live", true),
                        new Call.Write("c1/1.json", "{\"m\":1,\"gen\":1}", true, false),
                        new Call.Write("c1/2.json", "{\"m\":2,\"gen\":1}", true, false)),
                        List.of(new Call.Switch("c1", "live", true))));
        assertThat(codes(found)).hasSize(1).first().isIn("D1", "D2");
    }

    @Test
    void stagingNeverReclaimed_isCaught_asAnAbandonedStaging() throws IOException {
        List<Violation> found = explore("memory+staging-never-reclaimed", BrokenProtocols.stagingNeverReclaimed(),
                Workloads.staging().get(0));
        assertThat(codes(found)).as("%s", found).containsExactly("S1");
        assertThat(found.get(0).message()).contains("live.staged-");
    }

    @Test
    void theRealProtocols_passTheSameWorkloads() throws IOException {
        List<Violation> found = explore("memory", MemoryVikingFs.Layers.NONE,
                new Workload("registry-not-durable", List.of(new Call.Write("reg.json", "{\"v\":0}", true, false)),
                        List.of(new Call.Write("reg.json", "{\"v\":1,\"sessions\":[1,2,3]}", false, false))),
                new Workload("durable-rename", List.of(new Call.Write("a", "{\"a\":0}", true, false)),
                        List.of(new Call.Rename("a", "b", false, true), new Call.Write("c", "{\"c\":1}", true, false))),
                new Workload("transcript", List.of(new Call.Append("t.jsonl", List.of("{\"n\":0}"), true)),
                        List.of(new Call.Append("t.jsonl", List.of("{\"n\":1,\"text\":\"hello\"}"), false))),
                new Workload("rollback-while-other-appends", List.of(),
                        List.of(new Call.Append("r.jsonl", List.of("{\"w\":\"A\",\"n\":1}"), true),
                                new Call.Append("r.jsonl", List.of("{\"w\":\"B\",\"n\":1}"), false))),
                Workloads.staging().get(0));
        assertThat(found).isEmpty();
    }
}
