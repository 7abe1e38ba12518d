package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.bench.baseline.TempRenameWriter;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Latencies;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.store.LocalStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether durable writers stall an unrelated caller: the p99 latency of a non-durable atomicWrite of another path
 * while 16 threads write durably (8 appending to one log, 8 rewriting one document), against the SAME hand-written
 * write (temp + force + rename, in a directory of its own on the same disk) under the same load — both queue
 * behind the writers' flushes at the device, so the ratio is what our protocol adds. Probes of the two alternate
 * one by one within each loaded phase. The comparison with our write on the idle store is kept as an info row.
 */
public final class IsolationScenario implements Scenario {
    private static final VPath PROBE = VPath.of("other/probe.json");
    private static final VPath BUSY_LOG = VPath.of("busy/transcript.jsonl");
    private static final VPath BUSY_DOC = VPath.of("busy/sessions.json");

    @Override
    public String id() {
        return "isolation";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore store = env.local("isolation");
        VikingFs fs = store.fs();
        int rounds = 3;
        int probesPerPhase = env.settings().scaled(400, 50);
        Latencies idle = new Latencies(rounds * probesPerPhase);
        Latencies loaded = new Latencies(rounds * probesPerPhase);
        Latencies naiveLoaded = new Latencies(rounds * probesPerPhase);
        long loadOps = 0;
        try (TempRenameWriter naive = new TempRenameWriter(env.freshDir("isolation-base"), true, false)) {
            Probe ours = () -> fs.atomicWrite(PROBE, Payloads.DOC_4K, WriteOptions.durable(false));
            Probe byHand = () -> naive.write("probe.json", Payloads.DOC_4K);
            probe(ours, new Latencies(probesPerPhase), byHand, new Latencies(probesPerPhase), probesPerPhase);
            for (int r = 0; r < rounds; r++) {
                probe(ours, idle, null, null, probesPerPhase);
                loadOps += underLoad(fs, () -> probe(ours, loaded, byHand, naiveLoaded, probesPerPhase));
            }
        }
        String detail = String.format(Locale.ROOT,
                "p50 loaded ours %.2f ms, by hand %.2f ms, idle ours %.2f ms; max loaded ours %.1f ms, by hand %.1f ms;"
                        + " %d durable writes meanwhile",
                loaded.percentile(50) / 1e6, naiveLoaded.percentile(50) / 1e6, idle.percentile(50) / 1e6,
                loaded.max() / 1e6, naiveLoaded.max() / 1e6, loadOps);
        return List.of(
                Result.lower("p99 of a non-durable atomicWrite while 16 threads write durably (vs temp + force + rename"
                                + " under the same load)", loaded.percentile(99) / 1e6,
                        naiveLoaded.percentile(99) / 1e6, "ms", 1.5, detail),
                Result.lower("p99 of a non-durable atomicWrite while 16 threads write durably (vs the same on an idle"
                                + " store)", loaded.percentile(99) / 1e6, idle.percentile(99) / 1e6, "ms", null,
                        String.format(Locale.ROOT, "max idle %.1f ms", idle.max() / 1e6)));
    }

    /** One probe write. */
    @FunctionalInterface
    private interface Probe {
        void run() throws Exception;
    }

    /** {@code count} probes of {@code a}, alternating with as many of {@code b} if given. */
    private static void probe(Probe a, Latencies intoA, Probe b, Latencies intoB, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            time(a, intoA);
            if (b != null) {
                time(b, intoB);
            }
        }
    }

    private static void time(Probe p, Latencies into) throws Exception {
        long start = System.nanoTime();
        p.run();
        into.add(System.nanoTime() - start);
    }

    /** Runs {@code body} while 16 threads write durably; returns how many durable writes they completed. */
    private static long underLoad(VikingFs fs, ThrowingRunnable body) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] counts = new long[16 * 16];
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                long n = 0;
                try {
                    while (!stop.get()) {
                        if (thread % 2 == 0) {
                            fs.append(BUSY_LOG, Payloads.RECORD, true);
                        } else {
                            fs.atomicWrite(BUSY_DOC, Payloads.DOC_4K, WriteOptions.DEFAULT);
                        }
                        n++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                counts[thread * 16] = n;
            }, "bench-load-" + t);
            writers.add(w);
            w.start();
        }
        try {
            Thread.sleep(200); // let the load reach its steady state before probing
            body.run();
        } finally {
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a durable writer failed: " + failure.get(), failure.get());
        }
        long total = 0;
        for (int t = 0; t < 16; t++) {
            total += counts[t * 16];
        }
        return total;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
