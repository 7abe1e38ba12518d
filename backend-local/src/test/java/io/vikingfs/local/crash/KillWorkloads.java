package io.vikingfs.local.crash;

import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.conformance.crash.Workloads;

import java.util.ArrayList;
import java.util.List;

/** The workloads child JVMs run until killed: long seeded random ones and the field cases, made longer. */
final class KillWorkloads {
    static final String RANDOM = "random";
    static final String FIELD = "field";
    /** An app that stages, fills and commits over one live directory in a loop (issue 13, item 4). */
    static final String STAGING = "staging";

    private KillWorkloads() {
    }

    static Workload of(String kind, long seed) {
        if (kind.equals(STAGING)) {
            List<Call> calls = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                calls.add(Call.Stage.commit("app/live", java.util.Map.of("f", "{\"gen\":" + i + "}",
                        "sub/g", "{\"gen\":" + i + ",\"seed\":" + seed + "}"), i % 2 == 0));
            }
            return new Workload("staging-loop-" + seed, List.of(new Call.Write("app/s0/f", "{\"gen\":0}", true, false),
                    new Call.Switch("app/s0", "app/live", true)), calls);
        }
        if (kind.equals(FIELD)) {
            List<Workload> cases = Workloads.fieldCases();
            Workload base = cases.get((int) Math.floorMod(seed, (long) cases.size()));
            // Repeat the calls (renamed targets stay valid: writes and appends repeat; a second switch needs staging).
            List<Call> calls = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                for (Call c : base.calls()) {
                    if (!(c instanceof Call.Switch)) {
                        calls.add(c);
                    }
                }
            }
            calls.addAll(base.calls());
            return new Workload(base.name() + "-x6-" + seed, base.setup(), calls);
        }
        return Workloads.random(seed, 1, 60, false).get(0);
    }
}
