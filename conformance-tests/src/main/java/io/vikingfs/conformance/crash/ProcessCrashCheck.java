package io.vikingfs.conformance.crash;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of the process-crash model (docs/contract.md §3) on a store reopened after its writer was killed, for tests
 * that kill real processes: every call that returned persists (durable or not), the call in flight may or may not
 * have (a batch append in flight may keep a prefix of its records, unless the store declares
 * {@code ATOMIC_BATCH_APPEND}), nothing is torn, no leftover remains once recovery has run, and the next append
 * to each log starts on a clean line.
 */
public final class ProcessCrashCheck {
    private ProcessCrashCheck() {
    }

    /**
     * Checks {@code fs} (just opened: recovery has run) against {@code workload} when its calls
     * {@code 0..returned-1} had returned and call {@code inFlight} (or -1) was running.
     *
     * @return the broken invariants, each starting with its code; empty if none
     */
    public static List<String> check(VikingFs fs, Workload workload, int returned, int inFlight) throws IOException {
        Oracle oracle = new Oracle(workload);
        List<String> broken = new ArrayList<>();
        Observation o = Observation.of(fs, oracle);
        broken.addAll(new InvariantChecker(oracle).check(o, returned, inFlight, true, CrashModel.JOURNALING, fs.capabilities()));
        RecoveryReport again = fs.recover(false);
        if (again.total() > 0) {
            broken.add("W4/D3 leftovers remain after recovery: " + again);
        }
        if (broken.isEmpty()) {
            for (String log : workload.logs()) {
                if (oracle.treeOf(log) != null) {
                    continue;
                }
                List<String> expected = new ArrayList<>(o.records.getOrDefault(log, List.of()));
                expected.add("{\"probe\":true}");
                fs.append(io.vikingfs.VPath.of(log), "{\"probe\":true}", false);
                var after = fs.readRecords(io.vikingfs.VPath.of(log));
                if (!after.records().equals(expected) || !after.isClean()) {
                    broken.add("A3 the first append after recovery to " + log + " did not start on a clean line: "
                            + after.records() + " " + after.damage());
                }
            }
        }
        return broken;
    }
}
