package io.vikingfs.conformance.crash;

import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Runs workloads on crashable stores and checks every post-crash state the crash models allow at every crash
 * point (docs/contract.md §3–4). For each workload: run the setup, then the calls, recording a crash point after every
 * primitive step together with which calls had returned; then, under each power-loss model of the factory
 * ({@link CrashModel}: journaling and strict POSIX on the memory backend), for each crash point and each state of
 * {@link StateGenerator}, open the state (recovery runs) and check through the public API:
 * <ul>
 *   <li>G1 opening succeeds; A1–A2, W1–W3, R1–R2, D1–D2, G2 every path holds a value the {@link Oracle} allows;</li>
 *   <li>W4, D3 nothing is left for a second recovery to reclaim, and no leftover is listed;</li>
 *   <li>A4 (sampled) a process crash or a power loss right after recovery, or in the middle of it, still
 *       opens to an allowed state, and reopening changes nothing;</li>
 *   <li>A3 an append to every log after recovery starts on a clean line.</li>
 * </ul>
 * The first violation of a workload under a model stops its exploration under that model (its crash point is the
 * earliest, so the replay is minimal) and is printed with its replay; the store's name in it carries the model.
 */
public final class CrashExplorer {
    private final CrashableStoreFactory factory;
    private final ExplorerOptions options;
    private final CrashReport report;
    private final StateGenerator generator;
    private long checked;

    public CrashExplorer(CrashableStoreFactory factory, ExplorerOptions options, CrashReport report) {
        this.factory = factory;
        this.options = options;
        this.report = report;
        this.generator = new StateGenerator(options);
    }

    private record Point(CrashPoint cp, int returned, int inFlight) {
    }

    /** Explores one workload; returns its violations (also added to the report). */
    public List<Violation> explore(Workload w) throws IOException {
        long t0 = System.nanoTime();
        Oracle oracle = new Oracle(w);
        List<Point> points = new ArrayList<>();
        List<Violation> found = new ArrayList<>();
        try (CrashableStore store = factory.create()) {
            VikingFs fs = store.fs();
            for (Call c : w.setup()) {
                c.run(fs);
            }
            int[] progress = {0, -1};
            store.onCrashPoint(cp -> points.add(new Point(cp, progress[0], progress[1])));
            for (int i = 0; i < w.calls().size(); i++) {
                Call c = w.calls().get(i);
                progress[1] = i;
                IOException failure = null;
                try {
                    c.run(fs);
                } catch (IOException e) {
                    failure = e;
                }
                progress[1] = -1;
                progress[0] = i + 1;
                if ((failure == null) != oracle.mustSucceed(i)) {
                    Violation v = violation("CALL", w, -1, "-", "no crash", 0, "call #" + i + " " + c
                            + (failure == null ? " succeeded but must fail" : " failed but must succeed: " + failure));
                    found.add(v);
                    report.addViolation(v);
                    System.err.println(v.replay());
                    store.onCrashPoint(null);
                    return finish(found, 0, t0);
                }
            }
            store.onCrashPoint(null);
            // The instant after the last call returned: every call done, none in flight.
            points.add(new Point(store.now(), w.calls().size(), -1));
        }
        report.addWorkload();
        report.addCrashPoints(points.size());
        InvariantChecker checker = new InvariantChecker(oracle);
        for (CrashModel model : factory.models()) {
            report.addCrashPoints(model, points.size());
            long states = exploreUnder(model, w, oracle, checker, points, found);
            report.addStates(factory.name(), model, w.family(), states);
        }
        return finish(found, 0, t0);
    }

    /**
     * Checks every state of every crash point under {@code model}; the first violation (at the earliest crash
     * point, so the replay is minimal) stops this model's exploration. Returns how many stores were opened.
     */
    private long exploreUnder(CrashModel model, Workload w, Oracle oracle, InvariantChecker checker,
                              List<Point> recorded, List<Violation> found) {
        long states = 0;
        for (int idx = 0; idx < recorded.size(); idx++) {
            Point p = new Point(recorded.get(idx).cp().under(model), recorded.get(idx).returned(),
                    recorded.get(idx).inFlight());
            long seed = options.seed() * 31 + w.name().hashCode() * 1_000_003L + idx;
            for (PowerLossState s : generator.states(p.cp(), seed)) {
                if (s.partialBytes() >= 0 && p.inFlight() < 0) {
                    continue; // the write completed and its call returned: no crash can land in its middle
                }
                boolean processCrash = s.isEverything(p.cp().pending().size()) || s.partialBytes() >= 0;
                List<String> broken = new ArrayList<>();
                states += checkState(p, s, processCrash, oracle, checker, broken);
                if (!broken.isEmpty()) {
                    String first = broken.get(0);
                    Violation v = new Violation(first.substring(0, first.indexOf(' ')),
                            factory.name() + " [" + model.label() + "]", w.describe(), idx, p.cp().lastStep(),
                            s.toString(), seed, String.join("; ", broken));
                    found.add(v);
                    report.addViolation(model, v);
                    System.err.println(v.replay());
                    return states;
                }
            }
        }
        return states;
    }

    private List<Violation> finish(List<Violation> found, long states, long t0) {
        report.addMillis((System.nanoTime() - t0) / 1_000_000);
        return found;
    }

    private Violation violation(String code, Workload w, int idx, String step, String state, long seed, String msg) {
        return new Violation(code, factory.name(), w.describe(), idx, step, state, seed, msg);
    }

    /** Opens one state and checks it; returns how many post-crash stores were opened. */
    private long checkState(Point p, PowerLossState s, boolean processCrash, Oracle oracle, InvariantChecker checker,
                            List<String> broken) {
        boolean deep = options.recoveryCrashEvery() > 0 && ++checked % options.recoveryCrashEvery() == 0;
        List<CrashPoint> recovery = new ArrayList<>();
        CrashableStore store;
        try {
            store = p.cp().open(s, deep ? recovery::add : null);
        } catch (IOException | RuntimeException e) {
            broken.add("G1 recovery failed to open the post-crash state: " + e);
            return 1;
        }
        long opened = 1;
        try (store) {
            VikingFs fs = store.fs();
            Observation o = Observation.of(fs, oracle);
            broken.addAll(checker.check(o, p.returned(), p.inFlight(), processCrash, p.cp().model(), fs.capabilities()));
            RecoveryReport again = fs.recover(false);
            if (again.total() > 0) {
                broken.add("W4/D3 leftovers remain after recovery: " + again);
            }
            if (deep && broken.isEmpty()) {
                opened += afterRecovery(p, store.now(), processCrash, o, oracle, checker, broken);
                for (CrashPoint rp : recovery) {
                    opened += reopen(p, rp, false, oracle, checker, broken, "A4 power loss during recovery at '"
                            + rp.lastStep() + "': ");
                    opened += reopen(p, rp, true, oracle, checker, broken, "A4 process crash during recovery at '"
                            + rp.lastStep() + "': ");
                }
            }
            if (broken.isEmpty()) {
                probeAppends(fs, o, oracle, broken);
            }
        } catch (IOException | RuntimeException e) {
            broken.add("G1 the recovered store fails to read or write: " + e);
        }
        return opened;
    }

    /** A4: reopening (a process crash right after recovery) changes nothing; a power loss then is still allowed. */
    private long afterRecovery(Point p, CrashPoint after, boolean processCrash, Observation first, Oracle oracle,
                               InvariantChecker checker, List<String> broken) throws IOException {
        try (CrashableStore again = after.open(everything(after), null)) {
            Observation o = Observation.of(again.fs(), oracle);
            if (!o.values.equals(first.values)) {
                broken.add("A4 recovery is not idempotent: first " + first.values + ", after reopening " + o.values);
            }
        }
        reopen(p, after, false, oracle, checker, broken, "A4 power loss right after recovery: ");
        return 2;
    }

    private long reopen(Point p, CrashPoint cp, boolean everything, Oracle oracle, InvariantChecker checker,
                        List<String> broken, String prefix) {
        PowerLossState s = everything ? everything(cp) : new PowerLossState(new BitSet(), Map.of(), -1, "synced only");
        try (CrashableStore again = cp.open(s, null)) {
            Observation o = Observation.of(again.fs(), oracle);
            // After a power loss, only what the first crash's own model allowed may remain.
            for (String b : checker.check(o, p.returned(), p.inFlight(), false, p.cp().model(),
                    again.fs().capabilities())) {
                broken.add(b.substring(0, b.indexOf(' ')) + " " + prefix + b);
            }
        } catch (IOException | RuntimeException e) {
            broken.add("A4 " + prefix + "reopening failed: " + e);
        }
        return 1;
    }

    private static PowerLossState everything(CrashPoint cp) {
        BitSet all = new BitSet();
        all.set(0, cp.pending().size());
        return new PowerLossState(all, Map.of(), -1, "everything");
    }

    /** A3: after recovery, the next append to each log lands on a clean line after the records that survived. */
    private static void probeAppends(VikingFs fs, Observation o, Oracle oracle, List<String> broken) throws IOException {
        for (String log : oracle.workload().logs()) {
            if (oracle.treeOf(log) != null) {
                continue;
            }
            List<String> before = o.records.getOrDefault(log, List.of());
            fs.append(VPath.of(log), "{\"probe\":true}", false);
            RecordLog after = fs.readRecords(VPath.of(log));
            List<String> expected = new ArrayList<>(before);
            expected.add("{\"probe\":true}");
            if (!after.records().equals(expected) || !after.isClean()) {
                broken.add("A3 the first append after recovery to " + log + " did not start on a clean line: records "
                        + after.records() + ", damage " + after.damage() + "; expected " + expected);
            }
        }
    }
}
