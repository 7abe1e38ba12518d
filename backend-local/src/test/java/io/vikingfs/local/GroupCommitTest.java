package io.vikingfs.local;

import io.vikingfs.local.disk.CountingDisk;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent durable calls share flushes: counted through a {@link CountingDisk} whose flushes take 3 ms, as a
 * device's do (on Jimfs a flush is otherwise instant, and nothing would overlap).
 */
class GroupCommitTest {
    private static final int THREADS = 16;
    private static final int PER_THREAD = 50;

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private CountingDisk counting;

    private void open(String where) throws IOException {
        stores = Stores.on(where, tmp, d -> counting = new CountingDisk(d, Duration.ofMillis(3)));
        fs = stores.open();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    private static void concurrently(Callable<Void> perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                fs.add(pool.submit(perThread));
            }
            for (Future<Void> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void durableAppends_16threadsx50_shareFlushes_atLeast4xFewerThanAppends(String where) throws Exception {
        open(where);
        VPath log = VPath.of("sessions/s1/log.jsonl");
        fs.append(log, "{\"first\":true}", true);
        long before = counting.flushes();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        int[] next = {0};
        concurrently(() -> {
            int id;
            synchronized (next) {
                id = next[0]++;
            }
            start.await();
            for (int i = 0; i < PER_THREAD; i++) {
                fs.append(log, "{\"w\":" + id + ",\"i\":" + i + "}", true);
            }
            return null;
        });
        long flushes = counting.flushes() - before;
        System.out.printf("[%s] durable appends: %d appends, %d flushes%n", where, THREADS * PER_THREAD, flushes);
        // Sharing, not its best ratio (that is the benchmarks' row, issue 9): a flush per append would be 800. With
        // 16 threads a quiet machine shares ~10 appends a flush; two other builds on the 2 cores gave 106 flushes,
        // so the bound leaves room for a scheduler that lets few threads arrive together.
        assertThat(flushes).isLessThanOrEqualTo(THREADS * PER_THREAD / 4);
        List<String> records = fs.readRecords(log).records();
        assertThat(records).hasSize(THREADS * PER_THREAD + 1);
        assertThat(new HashSet<>(records)).hasSize(THREADS * PER_THREAD + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void durableAtomicWrites_16threadsx50_ofOnePath_coalesce_atLeast5xFewerFlushesThanTheBaseline(String where)
            throws Exception {
        open(where);
        VPath registry = VPath.of("registry.json");
        fs.atomicWrite(registry, "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
        long before = counting.flushes();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int[] next = {0};
        concurrently(() -> {
            int id;
            synchronized (next) {
                id = next[0]++;
            }
            start.await();
            for (int i = 0; i < PER_THREAD; i++) {
                String doc = "{\"writer\":" + id + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(4000) + "\"}";
                written.add(doc);
                fs.atomicWrite(registry, doc.getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            }
            return null;
        });
        long flushes = counting.flushes() - before;
        long baseline = 2L * THREADS * PER_THREAD; // temp force + directory force per write
        System.out.printf("[%s] durable atomicWrites: %d writes, %d flushes (baseline %d)%n", where,
                THREADS * PER_THREAD, flushes, baseline);
        assertThat(flushes).isLessThanOrEqualTo(baseline / 5);
        assertThat(written).contains(new String(fs.read(registry), StandardCharsets.UTF_8));
        try (var entries = java.nio.file.Files.list(stores.root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".vfs-tmp-"));
        }
    }
}
