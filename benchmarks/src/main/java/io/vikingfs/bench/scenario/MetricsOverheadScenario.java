package io.vikingfs.bench.scenario;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.bench.harness.Throughput;
import io.vikingfs.bench.store.LocalStore;
import io.vikingfs.micrometer.VikingFsMetrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the telemetry costs: durable appends by 16 threads to one log, on a store observed by the Micrometer
 * binding (every operation timed, every flush and lock wait recorded in a registry) against the same on a store
 * with nothing attached. Three stores of the same kind on the same disk, alternating round by round, the observed
 * one between two with nothing attached; the baseline is the mean of those two medians (so neither the slot in the
 * round nor one store's directory decides), and how far the two land apart is the harness's own noise, printed as
 * the yardstick for the ratio.
 */
public final class MetricsOverheadScenario implements Scenario {
    private static final VPath LOG = VPath.of("logs/transcript.jsonl");

    @Override
    public String id() {
        return "metrics-overhead";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore plain = env.local("metrics-overhead-plain");
        LocalStore bound = env.local("metrics-overhead-observed");
        LocalStore control = env.local("metrics-overhead-control");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VikingFs observed = VikingFsMetrics.observe(bound.fs(), registry);
        VikingFs without = plain.fs();
        VikingFs alsoWithout = control.fs();
        Throughput t = new Throughput(env.settings(), 16)
                .add("without", (th, i) -> without.append(LOG, Payloads.RECORD, true))
                .add("with", (th, i) -> observed.append(LOG, Payloads.RECORD, true))
                .add("control", (th, i) -> alsoWithout.append(LOG, Payloads.RECORD, true));
        Map<String, Samples> s = t.run();
        double appends = registry.get(VikingFsMetrics.APPENDS).counter().count();
        if (appends != t.totalOps("with")) { // the binding must have seen every append it claims to cost
            throw new IllegalStateException("the registry counted " + appends + " appends, the harness "
                    + t.totalOps("with"));
        }
        double first = s.get("without").median();
        double second = s.get("control").median();
        String seen = String.format(Locale.ROOT, "registry saw %,.0f appends, %,.0f flushes; the two stores with nothing"
                        + " attached: %,.0f and %,.0f ops/s (%.2f× apart: the noise)",
                appends, registry.get(VikingFsMetrics.FLUSHES).tag("kind", "file").counter().count(),
                first, second, Math.min(first, second) / Math.max(first, second));
        return List.of(Result.higher("durable append, 16 threads, Micrometer registry attached (vs nothing attached)",
                s.get("with").median(), (first + second) / 2, "ops/s", 0.95,
                Notes.join(Notes.spread(s, "with", "without"), seen)));
    }
}
