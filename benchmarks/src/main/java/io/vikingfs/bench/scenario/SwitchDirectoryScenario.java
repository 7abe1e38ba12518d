package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.bench.store.LocalStore;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How {@code switchDirectory} scales and whether it blocks readers. For N = 100, 1,000 and 10,000 files (100 per
 * subdirectory), a staged tree is built with plain file I/O (not measured), then switched durably over a live
 * tree of the same size, so each switch also reclaims an old tree of N files. Time per file should stay roughly
 * constant. Meanwhile a reader reads a file of the live tree in a loop: its longest read, against the switch's
 * duration, says whether it ever waited for the switch; any failed read (the live tree missing or mixed) is
 * reported.
 */
public final class SwitchDirectoryScenario implements Scenario {
    private static final byte[] CONTENT = "{\"file\":\"content of one file of the tree\"}\n"
            .getBytes(StandardCharsets.UTF_8);

    @Override
    public String id() {
        return "switch-directory";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore store = env.local("switch-directory");
        int[] sizes = {env.settings().scaled(100, 100), env.settings().scaled(1_000, 200),
                env.settings().scaled(10_000, 1_000)};
        int measured = 2; // each switch of 10,000 files fsyncs 10,000 files: 2 keep the run under 10 minutes
        double[] perFileMicros = new double[sizes.length];
        List<String> details = new ArrayList<>();
        Reader reader = null;
        double biggestSwitchMillis = 0;
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            VPath staged = VPath.of("staging-" + n);
            VPath live = VPath.of("live-" + n);
            build(store.root(), staged, n);
            store.fs().switchDirectory(staged, live, true); // creates live: nothing old to reclaim yet
            boolean biggest = k == sizes.length - 1;
            if (biggest) {
                // A second instance on the same folder, as another component of the application would open it:
                // its reads do not pollute the switching store's disk counters. No recovery on open: it must not
                // touch the generations the first instance is switching.
                VikingFs readerFs = env.register(LocalVikingFs.open(store.root(),
                        LocalOptions.DEFAULT.withRecoverOnOpen(false)));
                reader = new Reader(readerFs, live.resolve("d0").resolve("f0.json"));
            }
            List<Double> millis = new ArrayList<>();
            CountingDisk.Counts before = store.counts();
            for (int r = 0; r < measured; r++) {
                build(store.root(), staged, n);
                long start = System.nanoTime();
                store.fs().switchDirectory(staged, live, true);
                millis.add((System.nanoTime() - start) / 1e6);
            }
            Samples s = new Samples(millis);
            perFileMicros[k] = s.median() * 1e3 / n;
            details.add(String.format(Locale.ROOT, "N=%,d: %.1f ms per switch (%.1f µs/file)%s", n, s.median(),
                    perFileMicros[k], store.disk() == null ? ""
                            : ", " + store.disk().counts().minus(before).perOp((long) measured * n)
                                    .replace("per op", "per file")));
            if (biggest) {
                biggestSwitchMillis = s.median();
            }
        }
        reader.stop();
        String all = String.join("; ", details);
        List<Result> out = new ArrayList<>();
        for (int k = 1; k < sizes.length; k++) {
            out.add(Result.lower(String.format(Locale.ROOT,
                            "switchDirectory of %,d files vs %,d files (time per file)", sizes[k], sizes[0]),
                    perFileMicros[k], perFileMicros[0], "µs/file", 2.0, k == sizes.length - 1 ? all : ""));
        }
        out.add(Result.lower(String.format(Locale.ROOT,
                        "reader during switchDirectory of %,d files: longest read (vs the switch's duration)",
                        sizes[sizes.length - 1]), reader.maxMillis(), biggestSwitchMillis, "ms", 0.5,
                String.format(Locale.ROOT, "%,d reads, %d failed%s", reader.reads(), reader.failures(),
                        reader.firstFailure() == null ? "" : " (first: " + reader.firstFailure() + ")")));
        return out;
    }

    /** Writes a fresh staged tree of {@code n} files, 100 per subdirectory, straight to disk. */
    static void build(Path root, VPath staged, int n) throws IOException {
        Path dir = root.resolve(staged.toString());
        Env.deleteTree(dir);
        for (int i = 0; i < n; i++) {
            Path sub = dir.resolve("d" + i / 100);
            if (i % 100 == 0) {
                Files.createDirectories(sub);
            }
            Files.write(sub.resolve("f" + i % 100 + ".json"), CONTENT);
        }
    }

    /** Reads one file of the live tree in a loop on its own thread, keeping the longest read. */
    private static final class Reader {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong maxNanos = new AtomicLong();
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final Thread thread;

        Reader(VikingFs fs, VPath file) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        fs.read(file);
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                    maxNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    reads.incrementAndGet();
                }
            }, "bench-switch-reader");
            thread.setDaemon(true); // never keeps the JVM alive if the scenario fails before stopping it
            thread.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join();
        }

        double maxMillis() {
            return maxNanos.get() / 1e6;
        }

        long reads() {
            return reads.get();
        }

        long failures() {
            return failures.get();
        }

        String firstFailure() {
            return firstFailure.get();
        }
    }
}
