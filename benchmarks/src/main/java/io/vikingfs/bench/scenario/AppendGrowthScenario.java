package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
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
 * memory backend: 10,000 (its crash recorder is checked for the same property on a shorter log). And the same for
 * the memory backend's non-durable atomic writes of one path, whose unsynced renames the crash recorder keeps (each
 * may survive a power loss): once, each write scanned all of them, 1.8 ms a write after 100,000.
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
        int inMemory = env.settings().scaled(10_000, 2_000);
        int inMemoryWarmUp = env.settings().scaled(3_000, 1_000);
        Result memory = measure("memory backend: non-durable append", env.memory(), inMemory, inMemoryWarmUp);
        VikingFs writes = env.memory();
        Result memoryWrites = measure("memory backend: non-durable atomicWrite 4 KiB of one path", inMemory,
                inMemoryWarmUp, null, warm -> writes.atomicWrite(VPath.of(warm ? "docs/warm-up.json" : "docs/growth.json"),
                        Payloads.DOC_4K, WriteOptions.durable(false)));
        return List.of(local.withNote(store.flushesSince(before, n + warmUp)), memory, memoryWrites);
    }

    /** One call: to the warm-up path, or to the measured one. */
    private interface Call {
        void run(boolean warmUp) throws IOException;
    }

    private static Result measure(String what, VikingFs fs, int n, int warmUp) throws IOException {
        return measure(what, n, warmUp, 1.2, warm -> fs.append(VPath.of(warm ? "logs/warm-up.jsonl"
                : "logs/growth.jsonl"), Payloads.RECORD, false));
    }

    private static Result measure(String what, int n, int warmUp, Double target, Call call) throws IOException {
        int window = Math.min(1_000, n / 10);
        for (int i = 0; i < warmUp; i++) {
            call.run(true);
        }
        Latencies lat = new Latencies(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.run(false);
            lat.add(System.nanoTime() - start);
        }
        double first = lat.percentile(0, window, 50) / 1e3;
        double last = lat.percentile(n - window, n, 50) / 1e3;
        String detail = String.format(Locale.ROOT, "p90 first %.1f µs, last %.1f µs",
                lat.percentile(0, window, 90) / 1e3, lat.percentile(n - window, n, 90) / 1e3);
        return Result.lower(String.format(Locale.ROOT, "%s #%,d–%,d vs #1–%,d (median latency)", what,
                n - window + 1, n, window), last, first, "µs", target, detail);
    }
}
