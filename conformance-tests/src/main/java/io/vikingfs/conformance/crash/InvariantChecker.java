package io.vikingfs.conformance.crash;

import io.vikingfs.Capability;
import io.vikingfs.Capabilities;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks one recovered store against the {@link Oracle} at one crash point: every key holds an allowed value
 * (A1–A2, W1–W3, R2, D1–D2, G2), renames left their bytes somewhere (R1), no leftovers are listed or remain
 * (W4, D3), and no staging directory the library made survives recovery once its owner is gone (S1, found by
 * {@link Observation}). Returns the broken invariants as messages starting with their code.
 *
 * <p>A log is checked at the granularity the store declares: where it declares
 * {@link Capability#ATOMIC_BATCH_APPEND}, each batch is whole or absent; elsewhere a batch that may be lost may
 * also be cut at a record boundary, because a plain JSONL file has nothing that could mark a batch incomplete.
 * Either way the log must hold a prefix of the appended records, each whole, with every durable one (A1–A2).
 */
final class InvariantChecker {
    private final Oracle oracle;

    InvariantChecker(Oracle oracle) {
        this.oracle = oracle;
    }

    /**
     * Checks {@code o}, seen after a crash when calls {@code 0..returned-1} had returned and call {@code inFlight}
     * (or -1) was running, against the guarantees {@code capabilities} (those of the store under test) declare,
     * as far as {@code model} lets a power loss keep them: under {@link CrashModel#STRICT_POSIX} a rename not yet
     * durable may leave its bytes at both names (each half persists on its own), never at neither — for a file, in
     * flight or not (a directory rename across directories in flight may, the POSIX limit).
     */
    List<String> check(Observation o, int returned, int inFlight, boolean processCrash, CrashModel model,
                       Capabilities capabilities) {
        boolean atomicBatches = capabilities.has(Capability.ATOMIC_BATCH_APPEND);
        List<String> broken = new ArrayList<>(o.problems);
        for (String key : oracle.universe()) {
            Set<String> allowed = oracle.allowed(key, returned, inFlight, processCrash, atomicBatches);
            String seen = o.value(key);
            if (!allowed.contains(seen)) {
                boolean cutBatch = atomicBatches && oracle.isLog(key) && oracle.isBatchCut(key, seen);
                broken.add((cutBatch ? "A1" : code(key, seen)) + " " + key + " holds " + seen + "; allowed " + allowed
                        + (cutBatch ? " (a batch cut at a record boundary, although the store declares"
                                + " ATOMIC_BATCH_APPEND)" : "")
                        + (processCrash ? " (process crash: every returned call persists)" : ""));
            }
        }
        checkRenames(o, returned, inFlight, atomicBatches, capabilities, processCrash || model.renameIsOneChange(), broken);
        return broken;
    }

    /** R1: a rename that may be lost still leaves its bytes at src or dst (at exactly one if declared atomic). */
    private void checkRenames(Observation o, int returned, int inFlight, boolean atomicBatches,
                              Capabilities capabilities, boolean renameIsOneChange, List<String> broken) {
        List<Call> calls = oracle.workload().calls();
        int last = inFlight >= 0 ? inFlight : returned - 1;
        for (int i = 0; i <= last && i < calls.size(); i++) {
            if (!(calls.get(i) instanceof Call.Rename r) || !oracle.mustSucceed(i)) {
                continue;
            }
            if (r.durable() && i < returned) {
                continue; // R2 is checked through the allowed values
            }
            if (touchedAfter(r.src(), i, last) || touchedAfter(r.dst(), i, last)
                    || oracle.allowed(r.src(), i, -1, false, atomicBatches).size() != 1) {
                continue; // later calls moved on, or the bytes renamed were themselves not yet durable
            }
            String moved = null;
            for (Oracle.Event e : oracle.events(r.dst())) {
                if (e.call() == i) {
                    moved = e.value();
                }
            }
            if (moved == null || oracle.isLog(r.dst()) || oracle.isLog(r.src())) {
                // A directory, or no change. A directory rename is not checked for "never at neither": it cannot
                // be hard-linked, so under strict POSIX, between a rename(2) across directories and the target's
                // sync, the source's removal may persist alone (the POSIX limit; fsck's lost+found).
                continue;
            }
            boolean atSrc = moved.equals(o.value(r.src()));
            boolean atDst = moved.equals(o.value(r.dst()));
            if (!atSrc && !atDst) {
                broken.add("R1 " + r + " lost its bytes " + moved + ": " + r.src() + " holds " + o.value(r.src())
                        + ", " + r.dst() + " holds " + o.value(r.dst()));
            } else if (atSrc && atDst && renameIsOneChange && capabilities.has(Capability.ATOMIC_FILE_RENAME)
                    && !valueBefore(r.dst(), i).equals(moved)) {
                broken.add("R1 " + r + " left its bytes at both src and dst although ATOMIC_FILE_RENAME is declared");
            }
        }
    }

    private boolean touchedAfter(String key, int call, int last) {
        return oracle.events(key).stream().anyMatch(e -> e.call() > call && e.call() <= last);
    }

    private String valueBefore(String key, int call) {
        String v = oracle.initial(key);
        for (Oracle.Event e : oracle.events(key)) {
            if (e.call() < call) {
                v = e.value();
            }
        }
        return v;
    }

    /** Names the invariant a value outside the allowed set breaks. */
    private String code(String key, String seen) {
        Set<String> history = oracle.history(key);
        if (oracle.isTree(key)) {
            return history.contains(seen) ? "D2" : "D1";
        }
        if (oracle.isLog(key)) {
            boolean prefix = history.stream().anyMatch(h -> isPrefixValue(seen, h));
            return prefix ? "A2" : "A1";
        }
        if (!history.contains(seen)) {
            boolean partial = seen.equals("''") || seen.contains("\\x00")
                    || history.stream().anyMatch(h -> isPrefixValue(seen, h));
            return partial ? "W3" : "G2";
        }
        String lastKind = lastDurableKind(key);
        return lastKind;
    }

    private String lastDurableKind(String key) {
        String kind = "W2";
        for (Oracle.Event e : oracle.events(key)) {
            if (!e.durable()) {
                continue;
            }
            Call c = oracle.workload().calls().get(e.call());
            kind = c instanceof Call.Rename ? "R2" : c instanceof Call.Switch || c instanceof Call.Stage ? "D2" : c instanceof Call.Append ? "A2" : "W2";
        }
        return kind;
    }

    private static boolean isPrefixValue(String seen, String full) {
        if (seen.equals(Oracle.ABSENT)) {
            return true;
        }
        if (full.equals(Oracle.ABSENT)) {
            return false;
        }
        String s = seen.substring(0, seen.length() - 1);
        return full.startsWith(s);
    }
}
