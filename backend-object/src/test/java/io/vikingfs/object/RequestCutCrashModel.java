package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.RecordLog;
import io.vikingfs.RenameOptions;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.Violation;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-cut crash model (docs/contract.md §3) on the in-memory object client: every workload is cut after every
 * request k — request k applied with its answer lost, or never applied — and the client dies (every later
 * request fails). A new client then opens the same store (running recovery, itself cut at every request once
 * more) and the invariants are checked through the public API: the files are exactly the state before or after
 * the operation that was cut (for a rename, also with the bytes at both names: R1), every log is clean and a
 * prefix of what was appended (A1–A3), {@code live} is one whole generation (D1), and a second recovery finds
 * nothing left (A4, D3, W4) — so a staging of {@code stage} cut before its commit is reclaimed (S1). Writes the
 * report to {@code target/vikingfs-crash-report.json}.
 *
 * <p>Each object-store backend runs it on its own in-memory client (this module's test jar): a subclass names the
 * store, the report's label and the fewest states the run must check.
 */
public abstract class RequestCutCrashModel {
    private static final ObjectStoreOptions OPTIONS = ObjectStoreOptions.DEFAULT.withCompactionFanout(4).withReclaimGrace(Duration.ZERO);

    /** A new, empty in-memory store of the kind under test (its views and forks keep that kind). */
    protected abstract InMemoryObjectClient newStore();

    /** What the report's {@code backend} field says. */
    protected abstract String backendLabel();

    /** The fewest post-crash states a run must check. */
    protected abstract int minimumStates();

    /** One step of a workload; {@code renameFrom/To} mark a rename (its intermediate state is allowed). */
    private record Step(String name, Action action, String renameFrom, String renameTo) {
        static Step of(String name, Action action) {
            return new Step(name, action, null, null);
        }
    }

    @FunctionalInterface
    private interface Action {
        void run(VikingFs fs) throws IOException;
    }

    private static VPath p(String s) {
        return VPath.of(s);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<Step>> workloads() {
        Map<String, List<Step>> w = new LinkedHashMap<>();
        w.put("atomicWrites", List.of(
                Step.of("create", fs -> fs.atomicWrite(p("cfg/a.json"), b("{\"v\":1}"), WriteOptions.DEFAULT)),
                Step.of("replace", fs -> fs.atomicWrite(p("cfg/a.json"), b("{\"v\":2}"), WriteOptions.DEFAULT)),
                Step.of("ifAbsent", fs -> fs.atomicWrite(p("cfg/b.json"), b("b"),
                        WriteOptions.precondition(Precondition.ifAbsent()))),
                Step.of("ifMatch", fs -> fs.atomicWrite(p("cfg/a.json"), b("{\"v\":3}"),
                        WriteOptions.precondition(Precondition.ifMatch(fs.stat(p("cfg/a.json")).version())))),
                Step.of("delete", fs -> fs.delete(p("cfg/b.json")))));
        List<Step> appends = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            int n = i;
            appends.add(Step.of("append" + i, fs -> fs.append(p("logs/t.jsonl"), "{\"n\":" + n + "}", true)));
        }
        appends.add(Step.of("batch", fs -> fs.appendAll(p("logs/t.jsonl"), List.of("{\"b\":1}", "{\"b\":2}"), true)));
        w.put("appendsAcrossCompactions", appends);
        w.put("logLifecycle", List.of(
                Step.of("plain", fs -> fs.atomicWrite(p("l/x.jsonl"), b("{\"p\":0}\n{\"torn"), WriteOptions.DEFAULT)),
                Step.of("convert", fs -> fs.append(p("l/x.jsonl"), "{\"a\":1}", true)),
                Step.of("append", fs -> fs.append(p("l/x.jsonl"), "{\"a\":2}", true)),
                Step.of("replace", fs -> fs.atomicWrite(p("l/x.jsonl"), b("{\"r\":1}\n"), WriteOptions.DEFAULT)),
                Step.of("appendAfterReplace", fs -> fs.append(p("l/x.jsonl"), "{\"a\":3}", true)),
                Step.of("delete", fs -> fs.delete(p("l/x.jsonl"))),
                Step.of("recreate", fs -> fs.append(p("l/x.jsonl"), "{\"a\":4}", true))));
        w.put("logConditional", List.of(
                Step.of("appendAll", fs -> fs.appendAll(p("m/y.jsonl"), List.of("{\"a\":1}", "{\"a\":2}"), true)),
                Step.of("replaceIfMatch", fs -> fs.atomicWrite(p("m/y.jsonl"), b("{\"r\":1}\n{\"torn"),
                        WriteOptions.precondition(Precondition.ifMatch(fs.stat(p("m/y.jsonl")).version())))),
                Step.of("repair", fs -> fs.repairLog(p("m/y.jsonl"), true)),
                Step.of("appendAfterRepair", fs -> fs.append(p("m/y.jsonl"), "{\"a\":3}", true))));
        w.put("renames", List.of(
                Step.of("write", fs -> fs.atomicWrite(p("r/src.txt"), b("payload"), WriteOptions.DEFAULT)),
                new Step("rename", fs -> fs.rename(p("r/src.txt"), p("r/sub/dst.txt"), RenameOptions.DEFAULT),
                        "r/src.txt", "r/sub/dst.txt"),
                Step.of("log", fs -> fs.appendAll(p("r/log.jsonl"), List.of("{\"x\":1}", "{\"x\":2}"), true)),
                new Step("renameLog", fs -> fs.rename(p("r/log.jsonl"), p("r/moved.jsonl"), RenameOptions.DEFAULT),
                        "r/log.jsonl", "r/moved.jsonl"),
                new Step("replaceTarget", fs -> fs.rename(p("r/moved.jsonl"), p("r/sub/dst.txt"),
                        RenameOptions.DEFAULT.withReplace(true)), "r/moved.jsonl", "r/sub/dst.txt")));
        List<Step> switches = new ArrayList<>(stage("c/staged", "one"));
        switches.add(Step.of("switch1", fs -> fs.switchDirectory(p("c/staged"), p("c/live"), true)));
        switches.addAll(stage("c/staged", "two"));
        switches.add(Step.of("switch2", fs -> fs.switchDirectory(p("c/staged"), p("c/live"), true)));
        switches.add(Step.of("appendInLive", fs -> fs.append(p("c/live/log.jsonl"), "{\"live\":1}", true)));
        switches.addAll(stage("c/next", "three"));
        switches.add(Step.of("switch3", fs -> fs.switchDirectory(p("c/next"), p("c/live"), true)));
        w.put("switchDirectory", switches);
        List<Step> staged = new ArrayList<>(stage("s/first", "zero"));
        staged.add(Step.of("switch0", fs -> fs.switchDirectory(p("s/first"), p("s/live"), true)));
        staged.add(Step.of("stageCommitOverLive", fs -> stageAndFill(fs, "s/live", "one", true)));
        staged.add(Step.of("stageAbort", fs -> stageAndFill(fs, "s/live", "aborted", false)));
        staged.add(Step.of("stageCommitNewLive", fs -> stageAndFill(fs, "n/w/live", "two", true)));
        w.put("stagedCommits", staged);
        return w;
    }

    private static List<Step> stage(String dir, String tag) {
        return List.of(
                Step.of("stage-" + tag + "-a", fs -> fs.atomicWrite(p(dir + "/a.txt"), b(tag + "-a"), WriteOptions.DEFAULT)),
                Step.of("stage-" + tag + "-b", fs -> fs.atomicWrite(p(dir + "/sub/b.txt"), b(tag + "-b"),
                        WriteOptions.DEFAULT)),
                Step.of("stage-" + tag + "-log", fs -> fs.append(p(dir + "/log.jsonl"), "{\"tag\":\"" + tag + "\"}", true)));
    }

    /** stage(live), fill it, then commit or (not {@code commit}) close it: an abandoned staging must be reclaimed. */
    private static void stageAndFill(VikingFs fs, String live, String tag, boolean commit) throws IOException {
        try (StagedDirectory staging = fs.stage(p(live))) {
            fs.atomicWrite(staging.path().resolve("a.txt"), b(tag + "-a"), WriteOptions.DEFAULT);
            fs.atomicWrite(staging.path().resolve("sub").resolve("b.txt"), b(tag + "-b"), WriteOptions.DEFAULT);
            fs.append(staging.path().resolve("log.jsonl"), "{\"tag\":\"" + tag + "\"}", true);
            if (commit) {
                staging.commit(true);
            }
        }
    }

    static VikingFs open(InMemoryObjectClient view, boolean recover) throws IOException {
        return ObjectVikingFs.open(view, "root", OPTIONS.withRecoverOnOpen(recover), true, URI.create("s3://memory/root"),
                null);
    }

    private static InMemoryObjectClient cutAfter(InMemoryObjectClient store, long k, boolean applied) {
        return store.view((i, op, key) -> i < k ? Outcome.APPLY
                : i == k ? (applied ? Outcome.APPLY_AND_LOSE_RESPONSE : Outcome.DROP) : Outcome.DROP);
    }

    @Test
    public void everyWorkload_cutAfterEveryRequest_keepsEveryInvariant() throws Exception {
        long started = System.nanoTime();
        int crashPoints = 0;
        int states = 0;
        List<String> violations = new ArrayList<>();
        Map<String, Integer> requestsPerWorkload = new LinkedHashMap<>();
        for (Map.Entry<String, List<Step>> w : workloads().entrySet()) {
            List<Step> steps = w.getValue();
            // the uncut run: the state after each step, and the request index where each step starts
            InMemoryObjectClient reference = newStore();
            InMemoryObjectClient counted = reference.view((i, op, key) -> Outcome.APPLY);
            List<Map<String, String>> after = new ArrayList<>();
            List<Long> startsAt = new ArrayList<>();
            try (VikingFs fs = open(counted, false); VikingFs observer = open(reference.view((i, o, k) -> Outcome.APPLY), false)) {
                after.add(ObjectFixtures.files(observer));
                for (Step s : steps) {
                    startsAt.add(counted.requestCount());
                    s.action().run(fs);
                    after.add(ObjectFixtures.files(observer));
                }
            }
            long total = counted.requestCount();
            requestsPerWorkload.put(w.getKey(), (int) total);
            for (long k = 0; k < total; k++) {
                crashPoints++;
                int step = 0;
                while (step + 1 < startsAt.size() && startsAt.get(step + 1) <= k) {
                    step++;
                }
                for (boolean applied : new boolean[] {false, true}) {
                    InMemoryObjectClient store = newStore();
                    try (VikingFs fs = open(cutAfter(store, k, applied), false)) {
                        for (Step s : steps) {
                            s.action().run(fs);
                        }
                        violations.add(w.getKey() + ": the run survived its cut at request " + k);
                    } catch (IOException | RuntimeException died) {
                        // the client died at request k, as intended
                    }
                    String where = w.getKey() + " cut after request " + k + " (" + steps.get(step).name()
                            + (applied ? ", applied, answer lost)" : ", not applied)");
                    // recovery itself cut at every request, then a clean reopen
                    InMemoryObjectClient probe = store.fork();
                    long recoveryRequests;
                    InMemoryObjectClient countingRecovery = probe.view((i, o, key) -> Outcome.APPLY);
                    try (VikingFs fs = open(countingRecovery, true)) {
                        recoveryRequests = countingRecovery.requestCount();
                    }
                    for (long j = 0; j < recoveryRequests; j += Math.max(1, recoveryRequests / 6)) {
                        InMemoryObjectClient again = store.fork();
                        try (VikingFs fs = open(cutAfter(again, j, j % 2 == 0), true)) {
                            violations.add(where + ": recovery survived its cut at " + j);
                        } catch (IOException | RuntimeException died) {
                            // recovery died midway
                        }
                        states++;
                        check(again, steps, step, after, where + ", recovery cut at " + j, violations);
                    }
                    states++;
                    check(store, steps, step, after, where, violations);
                }
            }
        }
        // the report of the other crash models (CrashReport): the test classes of one module's run add up in it
        CrashReport report = new CrashReport();
        requestsPerWorkload.keySet().forEach(w -> report.addWorkload());
        report.addCrashPoints(crashPoints);
        report.addStates(backendLabel(), states);
        report.addMillis((System.nanoTime() - started) / 1_000_000);
        for (String v : violations) {
            report.addViolation(new Violation("request-cut", backendLabel(), "", -1, "", "", 0, v));
        }
        Path out = Path.of("target", "vikingfs-crash-report.json");
        System.out.println(report.writeTo(out) + "; requests per workload " + requestsPerWorkload);
        assertThat(violations).as("violations (report: %s)", out.toAbsolutePath()).isEmpty();
        assertThat(states).isGreaterThanOrEqualTo(minimumStates());
    }

    private static void check(InMemoryObjectClient store, List<Step> steps, int step, List<Map<String, String>> after,
                              String where, List<String> violations) {
        try (VikingFs fs = open(store.view((i, o, k) -> Outcome.APPLY), true)) {
            Map<String, String> seen = ObjectFixtures.files(fs);
            Map<String, String> before = after.get(step);
            Map<String, String> done = after.get(step + 1);
            Step s = steps.get(step);
            boolean ok = seen.equals(before) || seen.equals(done);
            if (!ok && s.renameFrom() != null) {
                Map<String, String> both = new TreeMap<>(before);
                both.put(s.renameTo(), before.get(s.renameFrom()));
                ok = seen.equals(both); // R1: intact at both names, never at neither
            }
            if (!ok) {
                violations.add(where + ": files " + seen + " are neither " + before + " nor " + done);
            }
            for (Map.Entry<String, String> f : seen.entrySet()) {
                if (f.getKey().endsWith(".jsonl")) {
                    RecordLog log = fs.readRecords(VPath.of(f.getKey()));
                    if (log.tornTail().isPresent() && !f.getValue().equals(before.get(f.getKey()))
                            && !f.getValue().equals(done.get(f.getKey()))) {
                        violations.add(where + ": " + f.getKey() + " has a torn tail " + log.damage());
                    }
                }
            }
            int left = fs.recover(false).total();
            if (left != 0) {
                violations.add(where + ": recovery on open left " + left + " leftovers: " + fs.recover(false));
            }
        } catch (IOException | RuntimeException e) {
            violations.add(where + ": reopening or reading failed: " + e);
        }
    }
}
