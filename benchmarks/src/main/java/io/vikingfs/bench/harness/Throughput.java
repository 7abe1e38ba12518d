package io.vikingfs.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures operations per second of several contenders side by side: every round runs each contender once for
 * the same window with the same thread count, in turn (ours, baseline, ours, baseline, …), so a disk or a
 * neighbour that slows down mid-run slows every contender alike. Warm-up rounds are run and discarded until the
 * JIT compiler is quiet ({@link Warmup}); the MEDIAN of the measured rounds is quoted, which one hiccup cannot
 * move.
 */
public final class Throughput {
    private final Settings settings;
    private final int threads;
    private final Map<String, Op> contenders = new LinkedHashMap<>();
    private final Map<String, Long> totalOps = new LinkedHashMap<>();
    private final Map<String, Long> totalNanos = new LinkedHashMap<>();

    public Throughput(Settings settings, int threads) {
        this.settings = settings;
        this.threads = threads;
    }

    /** Adds a contender; its operation receives the thread index and that thread's operation counter. */
    public Throughput add(String name, Op op) {
        contenders.put(name, op);
        totalOps.put(name, 0L);
        totalNanos.put(name, 0L);
        return this;
    }

    /** Runs the warm-up and measured rounds and returns each contender's samples, in the order added. */
    public Map<String, Samples> run() throws Exception {
        Map<String, List<Double>> measured = new LinkedHashMap<>();
        contenders.keySet().forEach(name -> measured.put(name, new ArrayList<>()));
        Warmup warmup = new Warmup(settings);
        boolean warming = settings.warmupRounds() > 0;
        while (warming) {
            long compiled = Warmup.compileMillis();
            for (Map.Entry<String, Op> c : contenders.entrySet()) {
                window(c.getKey(), c.getValue());
            }
            warming = warmup.another(Warmup.compileMillis() - compiled);
        }
        for (int round = 0; round < settings.measuredRounds(); round++) {
            for (Map.Entry<String, Op> c : contenders.entrySet()) {
                measured.get(c.getKey()).add(window(c.getKey(), c.getValue()));
            }
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        measured.forEach((name, values) -> out.put(name, new Samples(values)));
        return out;
    }

    /** How many operations {@code name} completed over every round, warm-up included (to divide counters by). */
    public long totalOps(String name) {
        return totalOps.get(name);
    }

    /** How long {@code name} ran over every round, warm-up included. */
    public long totalNanos(String name) {
        return totalNanos.get(name);
    }

    /**
     * One window: all threads start together, run the operation until the window closes, finish the operation
     * they are in (a durable one may take milliseconds) and stop. Throughput is completed operations divided by
     * the time until the last thread stopped, so an operation cut by the window is neither lost nor free.
     */
    private double window(String name, Op op) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] counts = new long[threads * 16]; // one slot per thread, 128 bytes apart: no false sharing
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                ready.countDown();
                long n = 0;
                try {
                    go.await();
                    while (!stop.get()) {
                        op.run(thread, n);
                        n++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
                counts[thread * 16] = n;
            }, "bench-" + name + "-" + t);
            workers.add(w);
            w.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(settings.windowMillis());
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("contender '" + name + "' failed: " + failure.get(), failure.get());
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t * 16];
        }
        totalOps.merge(name, total, Long::sum);
        totalNanos.merge(name, elapsed, Long::sum);
        return total * 1e9 / elapsed;
    }
}
