package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Latencies;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.bench.store.LocalStore;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Whether an append's cost grows with the log: the median latency of the last thousand appends of a log against
 * its first thousand (non-durable, so a flush does not hide a cost that grows with the file, such as re-reading
 * its tail or copying its content). The JIT is warmed on another log first, so the first thousand are not slow
 * for a reason that has nothing to do with the log's length. Local disk: 100,000 appends, as the target says;
 * memory backend: 10,000 (its crash recorder is checked for the same property on a shorter log).
 */
public final class AppendGrowthScenario implements Scenario {
    @Override
    public String id() {
        return "append-growth";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore store = env.local("append-growth");
        CountingDisk.Counts before = store.counts();
        int n = env.settings().scaled(100_000, 5_000);
        int warmUp = env.settings().scaled(30_000, 3_000);
        Result local = measure("non-durable append", store.fs(), n, warmUp);
        Result memory = measure("memory backend: non-durable append", env.memory(),
                env.settings().scaled(10_000, 2_000), env.settings().scaled(3_000, 1_000));
        return List.of(local.withNote(store.flushesSince(before, n + warmUp)), memory);
    }

    private static Result measure(String what, VikingFs fs, int n, int warmUp) throws IOException {
        int window = Math.min(1_000, n / 10);
        VPath warm = VPath.of("logs/warm-up.jsonl");
        for (int i = 0; i < warmUp; i++) {
            fs.append(warm, Payloads.RECORD, false);
        }
        VPath log = VPath.of("logs/growth.jsonl");
        Latencies lat = new Latencies(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            fs.append(log, Payloads.RECORD, false);
            lat.add(System.nanoTime() - start);
        }
        double first = lat.percentile(0, window, 50) / 1e3;
        double last = lat.percentile(n - window, n, 50) / 1e3;
        String detail = String.format(Locale.ROOT, "p90 first %.1f µs, last %.1f µs",
                lat.percentile(0, window, 90) / 1e3, lat.percentile(n - window, n, 90) / 1e3);
        return Result.lower(String.format(Locale.ROOT, "%s #%,d–%,d vs #1–%,d (median latency)", what,
                n - window + 1, n, window), last, first, "µs", 1.2, detail);
    }
}
