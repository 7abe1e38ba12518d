package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Latencies;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.store.CountingDisk;
import io.vikingfs.bench.store.LocalStore;

import java.util.List;
import java.util.Locale;

/**
 * Whether an append's cost grows with the log: the median latency of appends 99,001–100,000 against appends
 * 1–1,000 of the same log (non-durable, so a flush does not hide a cost that grows with the file, such as
 * re-reading its tail or its size). The JIT is warmed on another log first, so the first thousand are not slow
 * for a reason that has nothing to do with the log's length.
 */
public final class AppendGrowthScenario implements Scenario {
    @Override
    public String id() {
        return "append-growth";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore store = env.local("append-growth");
        VikingFs fs = store.fs();
        int n = env.settings().scaled(100_000, 5_000);
        int window = Math.min(1_000, n / 10);
        VPath warm = VPath.of("logs/warm-up.jsonl");
        for (int i = 0; i < env.settings().scaled(30_000, 3_000); i++) {
            fs.append(warm, Payloads.RECORD, false);
        }
        VPath log = VPath.of("logs/growth.jsonl");
        Latencies lat = new Latencies(n);
        CountingDisk.Counts before = store.counts();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            fs.append(log, Payloads.RECORD, false);
            lat.add(System.nanoTime() - start);
        }
        double first = lat.percentile(0, window, 50) / 1e3;
        double last = lat.percentile(n - window, n, 50) / 1e3;
        String detail = String.format(Locale.ROOT, "p90 first %.1f µs, last %.1f µs",
                lat.percentile(0, window, 90) / 1e3, lat.percentile(n - window, n, 90) / 1e3);
        return List.of(Result.lower(String.format(Locale.ROOT,
                        "non-durable append #%,d–%,d vs #1–%,d (median latency)", n - window + 1, n, window),
                last, first, "µs", 1.2, Notes.join(detail, store.flushesSince(before, n))));
    }
}
