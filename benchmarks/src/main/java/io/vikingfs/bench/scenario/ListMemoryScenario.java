package io.vikingfs.bench.scenario;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.store.LocalStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How much heap listing a large directory holds. The heap is measured live (after a full GC, through
 * {@link MemoryMXBean}) before the listing and at ten points during it; the peak minus the before is what the
 * listing retains. Compared with (1) the naive listing a developer writes by hand — every entry sorted into a
 * {@code List} — and (2) our own listing of a directory a tenth the size: a listing in bounded memory retains
 * about the same for both sizes.
 */
public final class ListMemoryScenario implements Scenario {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @Override
    public String id() {
        return "list-memory";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore store = env.local("list-memory");
        int big = env.settings().scaled(100_000, 10_000);
        int small = big / 10;
        VPath bigDir = VPath.of("big");
        VPath smallDir = VPath.of("small");
        fill(store.root().resolve("big"), big);
        fill(store.root().resolve("small"), small);
        streamRetained(store.fs(), smallDir, small); // warm-up
        long oursBig = streamRetained(store.fs(), bigDir, big);
        long oursSmall = streamRetained(store.fs(), smallDir, small);
        long naiveBig = naiveRetained(store.root().resolve("big"), big);
        String detail = String.format(Locale.ROOT, "%,d entries: ours retains %.0f B/entry, naive %.0f B/entry",
                big, oursBig / (double) big, naiveBig / (double) big);
        return List.of(
                Result.lower(String.format(Locale.ROOT,
                                "list of %,d entries: heap retained while streaming (vs naive sorted List)", big),
                        mib(oursBig), mib(naiveBig), "MiB", null, detail),
                Result.lower(String.format(Locale.ROOT,
                                "list of %,d entries vs %,d: heap retained while streaming (bounded?)", big, small),
                        mib(oursBig), mib(oursSmall), "MiB", 2.0, ""));
    }

    /** Creates {@code n} empty files in {@code dir} straight on disk (the listing, not the creation, is measured). */
    private static void fill(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            Files.createFile(dir.resolve(String.format(Locale.ROOT, "session-%07d.jsonl", i)));
        }
    }

    private static long streamRetained(VikingFs fs, VPath dir, int expected) throws IOException {
        long before = liveHeap();
        long peak = before;
        int step = Math.max(1, expected / 10);
        int count = 0;
        try (Stream<DirEntry> entries = fs.list(dir)) {
            Iterator<DirEntry> it = entries.iterator();
            while (it.hasNext()) {
                it.next();
                count++;
                if (count == 1 || count % step == 0) {
                    peak = Math.max(peak, liveHeap());
                }
            }
        }
        if (count != expected) {
            throw new IllegalStateException("list(" + dir + ") returned " + count + " entries, expected " + expected);
        }
        return Math.max(0, peak - before);
    }

    private static long naiveRetained(Path dir, int expected) throws IOException {
        long before = liveHeap();
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.sorted().collect(Collectors.toList());
        }
        long after = liveHeap();
        if (all.size() != expected) {
            throw new IllegalStateException("naive list of " + dir + " saw " + all.size() + " entries");
        }
        return Math.max(0, after - before);
    }

    /** Heap in use after a full collection: what is reachable, not garbage waiting for the next GC. */
    private static long liveHeap() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
