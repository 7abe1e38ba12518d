package io.vikingfs.junit;

import io.vikingfs.conformance.crash.CrashPoint;
import io.vikingfs.conformance.crash.CrashableStore;
import io.vikingfs.conformance.crash.CrashableStoreFactory;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.PendingStep;
import io.vikingfs.conformance.crash.PowerLossState;
import io.vikingfs.conformance.crash.StateGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One crash test: record the workload's crash points, list the states of each (the explorer's
 * {@link StateGenerator}), keep those of the chosen models, sample them down to the budget, check them in order
 * and report the first failure.
 */
final class CrashExploration {
    private final CrashableStoreFactory stores;
    private final StoreSetup setup;
    private final CrashWorkload workload;
    private final List<NamedCheck> checks;
    private final Set<CrashModel> models;
    private final long maxStates;
    private final long seed;
    private final String replay;
    private final String name;
    private final String replayHint;
    private final StateGenerator generator;
    private Throwable cause;

    CrashExploration(CrashableStoreFactory stores, StoreSetup setup, CrashWorkload workload, List<NamedCheck> checks,
                     Set<CrashModel> models, long maxStates, long seed, String replay, String name, String replayHint) {
        this.stores = stores;
        this.setup = setup;
        this.workload = workload;
        this.checks = checks;
        this.models = models;
        this.maxStates = maxStates;
        this.seed = seed;
        this.replay = replay;
        this.name = name;
        this.replayHint = replayHint;
        // The library explorer's own defaults (random states per point, torn boundaries, process crashes).
        this.generator = new StateGenerator(ExplorerOptions.defaults().withSeed(seed));
    }

    /** A check, with the name its failures are reported under (null: none). */
    record NamedCheck(String name, CrashCheck check) {
    }

    /** One instant of the workload: the crash point and what the workload had done by then. */
    record Point(int index, CrashPoint cp, History.Progress progress, boolean finished) {
    }

    /** One state to check: the {@code state}-th of the generator's list at point {@code point}. */
    record Candidate(Point point, int state, PowerLossState s, CrashModel model) {
        String token(long seed) {
            return seed + ":" + point.index() + ":" + state;
        }
    }

    /** What the check threw on the failing state, if any. */
    Throwable cause() {
        return cause;
    }

    CrashTestResult run() throws IOException {
        long t0 = System.nanoTime();
        long replaySeed = seed;
        int replayPoint = -1;
        int replayState = -1;
        if (replay != null) {
            String[] parts = replay.split(":");
            try {
                replaySeed = Long.parseLong(parts[0]);
                replayPoint = Integer.parseInt(parts[1]);
                replayState = Integer.parseInt(parts[2]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("replay token '" + replay + "' is not seed:point:state as a crash"
                        + " test report prints it (e.g. 20261125:7:3)", e);
            }
        }
        StateGenerator states = replay == null ? generator
                : new StateGenerator(ExplorerOptions.defaults().withSeed(replaySeed));
        long usedSeed = replay == null ? seed : replaySeed;
        Recording rec = record();
        List<Candidate> all = new ArrayList<>();
        List<Candidate> chosen = new ArrayList<>();
        for (Point p : rec.points) {
            if (replay != null && p.index() != replayPoint) {
                continue;
            }
            List<PowerLossState> list = states.states(p.cp(), seedOf(usedSeed, p.index()));
            int kept = 0;
            for (int i = 0; i < list.size(); i++) {
                PowerLossState s = list.get(i);
                if (replay != null && i != replayState) {
                    continue;
                }
                CrashModel model = modelOf(s, p);
                if (model == null) {
                    continue;
                }
                Candidate c = new Candidate(p, i, s, model);
                all.add(c);
                // Each point's first two states (the two extremes: synced only and everything, or everything and
                // a torn write) are always checked; the rest are sampled when over budget.
                if (kept++ < 2) {
                    chosen.add(c);
                }
            }
        }
        if (replay != null && all.isEmpty()) {
            throw new IllegalArgumentException("replay token '" + replay + "' names no state of this workload ("
                    + rec.points.size() + " crash points): was the workload or its setup changed?");
        }
        chosen = all.size() <= maxStates ? all : sample(all, chosen, usedSeed);
        long checked = 0;
        Optional<String> failure = Optional.empty();
        for (Candidate c : chosen) {
            checked++;
            Optional<String> f = check(c, rec, usedSeed);
            if (f.isPresent()) {
                failure = f;
                break;
            }
        }
        return new CrashTestResult(name, rec.calls, rec.points.size(), all.size(), checked, usedSeed,
                (System.nanoTime() - t0) / 1_000_000, failure);
    }

    private static long seedOf(long seed, int point) {
        return seed * 31 + point;
    }

    /**
     * The model a state belongs to, or null if no chosen model allows it here. A process crash keeps everything the
     * disk received (or cuts the write in flight); every other state needs a power loss.
     */
    private CrashModel modelOf(PowerLossState s, Point p) {
        if (s.partialBytes() >= 0 && p.progress().inFlight() == null) {
            return null; // no call was in flight: no crash lands in the middle of a completed write
        }
        boolean process = s.isEverything(p.cp().pending().size()) || s.partialBytes() >= 0;
        if (process && models.contains(CrashModel.PROCESS_CRASH)) {
            return CrashModel.PROCESS_CRASH;
        }
        return s.partialBytes() < 0 && models.contains(CrashModel.POWER_LOSS) ? CrashModel.POWER_LOSS : null;
    }

    /** The mandatory states plus a seeded sample of the others, up to the budget, in exploration order. */
    private List<Candidate> sample(List<Candidate> all, List<Candidate> mandatory, long seed) {
        java.util.Set<Candidate> must = new java.util.HashSet<>(mandatory);
        long room = Math.max(0, maxStates - mandatory.size());
        long rest = all.size() - mandatory.size();
        Random rnd = new Random(seed);
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : all) {
            if (must.contains(c)) {
                out.add(c);
            } else {
                // Selection sampling: each of the remaining candidates is taken with probability room/rest.
                if (rnd.nextDouble() * rest < room) {
                    out.add(c);
                    room--;
                }
                rest--;
            }
        }
        return out;
    }

    private record Recording(List<Point> points, int calls) {
    }

    private Recording record() throws IOException {
        try (CrashableStore store = stores.create()) {
            try {
                setup.prepare(store.fs());
            } catch (Exception e) {
                throw new CrashTestFailure("crash test '" + name + "': the setup failed before the workload ran: "
                        + e, e);
            }
            History history = new History();
            CallRecorder fs = new CallRecorder(store.fs(), history);
            List<Point> points = new ArrayList<>();
            store.onCrashPoint(cp -> points.add(new Point(points.size(), cp, history.progress(), false)));
            try {
                workload.run(fs, history);
            } catch (Exception | AssertionError e) {
                throw new CrashTestFailure("crash test '" + name + "': the workload failed before any crash was"
                        + " simulated, after " + history.calls() + " store calls (last: "
                        + lastOf(history.allCalls()) + "): " + e
                        + "\n  a crash test explores a workload that runs to its end; fix the workload first", e);
            } finally {
                store.onCrashPoint(null);
            }
            points.add(new Point(points.size(), store.now(), history.progress(), true));
            return new Recording(points, history.calls());
        }
    }

    private static String lastOf(List<String> calls) {
        return calls.isEmpty() ? "none" : calls.get(calls.size() - 1);
    }

    /** What failed on a state: the check's name (null if unnamed) and what it threw. */
    private record Failure(String check, Throwable error, boolean recovery) {
    }

    /** Opens one state and runs the checks on it; the report of the first that fails. */
    private Optional<String> check(Candidate c, Recording rec, long usedSeed) {
        Failure f = runChecks(c.point(), c.s(), c.model());
        if (f == null) {
            return Optional.empty();
        }
        cause = f.error();
        if (f.recovery()) {
            return Optional.of(report(c, rec, usedSeed, "the store's recovery failed on this state (a VikingFS defect:"
                    + " please report it with this replay): " + f.error(), null));
        }
        String message = String.valueOf(f.error().getMessage() == null ? f.error() : f.error().getMessage()).strip();
        return Optional.of(report(c, rec, usedSeed, (f.check() == null ? "" : f.check() + ": ") + message,
                neededLosses(c)));
    }

    /** Runs every check on the state, each on the state as recovery left it; the first failure, or null. */
    private Failure runChecks(Point p, PowerLossState s, CrashModel model) {
        CrashContext ctx = new CrashContext(p.progress(), p.finished(), model, p.cp().lastStep());
        CrashableStore recovered = null;
        try {
            for (NamedCheck check : checks) {
                if (recovered == null) {
                    try {
                        recovered = p.cp().open(s, null);
                    } catch (IOException | RuntimeException e) {
                        return new Failure(null, e, true);
                    }
                }
                long before = recovered.now().step();
                try {
                    check.check().check(recovered.fs(), ctx);
                } catch (Exception | AssertionError e) {
                    return new Failure(check.name(), e, false);
                }
                if (recovered.now().step() != before) {
                    // The check changed the store: the next one must see the state as recovery left it.
                    closeQuietly(recovered);
                    recovered = null;
                }
            }
            return null;
        } finally {
            closeQuietly(recovered);
        }
    }

    /**
     * Shrinks a power-loss state's losses: keeps each lost step in turn, and if the checks still fail without
     * losing it, it was not needed. Returns the steps whose loss the failure needs, in words, or null if every lost
     * step is needed (or the state is not a plain power loss).
     */
    private String neededLosses(Candidate c) {
        PowerLossState s = c.s();
        List<PendingStep> pending = c.point().cp().pending();
        if (s.partialBytes() >= 0 || c.model() != CrashModel.POWER_LOSS) {
            return null;
        }
        BitSet kept = (BitSet) s.persisted().clone();
        boolean shrunk = false;
        for (int i = 0; i < pending.size(); i++) {
            if (kept.get(i)) {
                continue;
            }
            kept.set(i);
            PowerLossState fewer = new PowerLossState(kept, s.tears(), -1, s.description() + " (shrunk)");
            if (runChecks(c.point(), fewer, CrashModel.POWER_LOSS) != null) {
                shrunk = true; // still fails with step i kept: its loss is not needed
            } else {
                kept.clear(i);
            }
        }
        if (!shrunk) {
            return null;
        }
        List<String> needed = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (!kept.get(i)) {
                needed.add(pending.get(i).description());
            }
        }
        return needed.isEmpty() ? "none: the torn file(s) alone break the check" : String.join("; ", needed);
    }

    /** The report, listing the files of the state as recovery left it (opened again: checks may have changed it). */
    private String report(Candidate c, Recording rec, long usedSeed, String problem, String neededLosses) {
        List<String> survivors;
        try (CrashableStore fresh = c.point().cp().open(c.s(), null)) {
            survivors = FailureReport.survivors(fresh.fs());
        } catch (IOException | RuntimeException e) {
            survivors = List.of("(the state could not be opened to list its files: " + e + ")");
        }
        return FailureReport.of(name, c, rec.points.size(), rec.calls, usedSeed, replayHint, problem, survivors,
                neededLosses);
    }

    private static void closeQuietly(CrashableStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (IOException | RuntimeException ignored) {
                // closing a post-crash store that a check may have closed already: nothing is lost
            }
        }
    }
}
