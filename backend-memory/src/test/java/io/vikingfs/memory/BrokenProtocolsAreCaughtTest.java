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
 * workloads that exercise its mistake, and the explorer must report the invariant it breaks — under both
 * power-loss models, except a mistake only the strict-POSIX model can show. Deterministic: fixed workloads, fixed
 * seed ({@link ExplorerOptions#defaults()}).
 */
class BrokenProtocolsAreCaughtTest {
    private static final String JOURNALING = " [journaling]";
    private static final String STRICT = " [strict]";

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

    /** The models under which {@code name} was caught (one violation each at most: the first stops a model). */
    private static List<String> models(String name, List<Violation> vs) {
        return vs.stream().map(v -> v.store().substring(name.length())).toList();
    }

    @Test
    void atomicWriteWithoutTempFileSync_isCaught_asAnEmptyOrPartialFile() throws IOException {
        List<Violation> found = explore("memory+no-temp-fsync", BrokenProtocols.noTempFileSync(),
                new Workload("registry-not-durable", List.of(new Call.Write("reg.json", "{\"v\":0}", true, false)),
                        List.of(new Call.Write("reg.json", "{\"v\":1,\"sessions\":[1,2,3]}", false, false))));
        assertThat(codes(found)).containsExactly("W3", "W3");
        assertThat(models("memory+no-temp-fsync", found)).containsExactly(JOURNALING, STRICT);
    }

    @Test
    void renameWithoutDirectorySync_whileClaimingDurability_isCaught() throws IOException {
        List<Violation> found = explore("memory+no-dir-sync", BrokenProtocols.noDirectorySync(),
                new Workload("durable-rename", List.of(new Call.Write("a", "{\"a\":0}", true, false)),
                        List.of(new Call.Rename("a", "b", false, true), new Call.Write("c", "{\"c\":1}", true, false))));
        // Even the setup's durable write is lost: its bytes are at neither name (R1), or the rename is undone (R2).
        assertThat(codes(found)).hasSize(2).allSatisfy(c -> assertThat(c).isIn("R1", "R2", "W2"));
        assertThat(models("memory+no-dir-sync", found)).containsExactly(JOURNALING, STRICT);
    }

    @Test
    void appendWithoutTheLock_isCaught_asASplicedLine() throws IOException {
        List<Violation> found = explore("memory+append-without-lock", BrokenProtocols.appendWithoutLock(),
                new Workload("transcript", List.of(new Call.Append("t.jsonl", List.of("{\"n\":0}"), true)),
                        List.of(new Call.Append("t.jsonl", List.of("{\"n\":1,\"text\":\"hello\"}"), false))));
        assertThat(codes(found)).hasSize(2).allSatisfy(c -> assertThat(c).isIn("A1", "A3"));
    }

    @Test
    void tornTailRepairToAStaleLength_isCaught_asLostRecords() throws IOException {
        List<Violation> found = explore("memory+stale-length-repair", BrokenProtocols.staleLengthRepair(),
                new Workload("rollback-while-other-appends", List.of(),
                        List.of(new Call.Append("r.jsonl", List.of("{\"w\":\"A\",\"n\":1}"), true),
                                new Call.Append("r.jsonl", List.of("{\"w\":\"B\",\"n\":1}"), false))));
        assertThat(codes(found)).hasSize(2).allSatisfy(c -> assertThat(c).isIn("A2", "A1"));
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
        assertThat(codes(found)).hasSize(2).allSatisfy(c -> assertThat(c).isIn("D1", "D2"));
    }

    /** Content staged by a non-durable append, then promised durable by a durable switch: a short live log. */
    private static final Workload APPEND_THEN_DURABLE_SWITCH = new Workload("append-then-durable-switch",
            List.of(new Call.Write("c0/1.json", "{\"m\":1}", true, false), new Call.Switch("c0", "live", true),
                    new Call.Write("c1/1.json", "{\"m\":1,\"gen\":1}", true, false)),
            List.of(new Call.Append("c1/log", List.of("{\"staged\":1}"), false), new Call.Switch("c1", "live", true)));

    /** The same content promised durable by a durable rename of its directory. */
    private static final Workload APPEND_THEN_DURABLE_DIRECTORY_RENAME = new Workload(
            "append-then-durable-directory-rename", List.of(new Call.Write("d/1.json", "{\"m\":1}", true, false)),
            List.of(new Call.Append("d/log", List.of("{\"r\":1}"), false), new Call.Rename("d", "e", false, true)));

    @Test
    void durableSwitchOrDirectoryRename_skippingContentWrittenNonDurably_isCaught() throws IOException {
        String name = "memory+promise-skips-non-durable-content";
        List<Violation> bySwitch = explore(name, BrokenProtocols.promiseSkipsContentWrittenNonDurably(),
                APPEND_THEN_DURABLE_SWITCH);
        // The live tree holds the new generation with an empty or short log: a tree never written (D1) or the
        // switch's promise broken (D2).
        assertThat(codes(bySwitch)).hasSize(2).allSatisfy(c -> assertThat(c).isIn("D1", "D2"));
        assertThat(models(name, bySwitch)).containsExactly(JOURNALING, STRICT);
        List<Violation> byRename = explore(name, BrokenProtocols.promiseSkipsContentWrittenNonDurably(),
                APPEND_THEN_DURABLE_DIRECTORY_RENAME);
        assertThat(codes(byRename)).hasSize(2).allSatisfy(c -> assertThat(c).isIn("A2", "R2"));
        assertThat(models(name, byRename)).containsExactly(JOURNALING, STRICT);
    }

    /** A durable rename across directories, then a durable switch whose staged tree lives in another directory. */
    private static final Workload RENAMES_ACROSS_DIRECTORIES = new Workload("renames-across-directories",
            List.of(new Call.Write("d/a", "{\"a\":0}", true, false),
                    new Call.Write("s/c1/1.json", "{\"m\":1}", true, false)),
            List.of(new Call.Rename("d/a", "b", false, true), new Call.Switch("s/c1", "live", true)));

    @Test
    void oneSideOfARenameNotSynced_isCaught_onlyUnderTheStrictModel() throws IOException {
        String name = "memory+rename-source-not-synced";
        List<Violation> found = explore(name, BrokenProtocols.renameSourceDirectoryNotSynced(),
                RENAMES_ACROSS_DIRECTORIES);
        // Journaling commits the rename whole with its synced target: the variant passes there, as it did before
        // the strict model existed; strict POSIX brings the old name back after the durable rename returned.
        assertThat(models(name, found)).containsExactly(STRICT);
        assertThat(codes(found)).containsExactly("R2");
    }

    /** A file renamed, not durably, from one directory into another. */
    private static final Workload FILE_RENAME_ACROSS_DIRECTORIES = new Workload("file-rename-across-directories",
            List.of(new Call.Write("d/a", "{\"a\":0}", true, false), new Call.Write("e/x", "{\"x\":0}", true, false)),
            List.of(new Call.Rename("d/a", "e/b", false, false)));

    @Test
    void aFileRenameAcrossDirectoriesWithoutItsLink_isCaught_onlyUnderTheStrictModel_asBytesAtNeitherName()
            throws IOException {
        String name = "memory+rename-without-link";
        List<Violation> found = explore(name, BrokenProtocols.renameWithoutLink(), FILE_RENAME_ACROSS_DIRECTORIES);
        // Journaling persists the rename whole; strict POSIX can keep d's removal of a without e's entry b.
        assertThat(models(name, found)).containsExactly(STRICT);
        assertThat(codes(found)).containsExactly("R1");
    }

    @Test
    void stagingNeverReclaimed_isCaught_asAnAbandonedStaging() throws IOException {
        List<Violation> found = explore("memory+staging-never-reclaimed", BrokenProtocols.stagingNeverReclaimed(),
                Workloads.staging().get(0));
        assertThat(codes(found)).as("%s", found).containsExactly("S1", "S1");
        assertThat(models("memory+staging-never-reclaimed", found)).containsExactly(JOURNALING, STRICT);
        assertThat(found).allSatisfy(v -> assertThat(v.message()).contains("live.staged-"));
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
                APPEND_THEN_DURABLE_SWITCH, APPEND_THEN_DURABLE_DIRECTORY_RENAME, RENAMES_ACROSS_DIRECTORIES,
                FILE_RENAME_ACROSS_DIRECTORIES,
                Workloads.staging().get(0));
        assertThat(found).isEmpty();
    }
}
