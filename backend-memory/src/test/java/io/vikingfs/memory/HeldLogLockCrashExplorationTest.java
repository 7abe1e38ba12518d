package io.vikingfs.memory;

import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.CrashExplorer;
import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.Violation;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash explorer on a log whose {@code FileLock} one store instance holds across a burst of appends while a
 * second instance on the same disk (as another process would: its own descriptors and queues) appends, renames
 * and overwrites it. Appends alternate between the two instances; every other call goes through the second. The
 * instance that held the lock must take it again, re-read the size and re-check the path before it writes —
 * otherwise it writes over the other's records at its stale end, or into a log renamed or replaced meanwhile. Both
 * power-loss models, every crash point, every invariant (docs/contract.md §3–4).
 */
class HeldLogLockCrashExplorationTest {
    private static final CrashReport REPORT = new CrashReport();

    /** The first instance, then a second one opened on the same (crashable) disk. */
    private static MemoryCrashableStores twoInstances() {
        return new MemoryCrashableStores("memory+second-instance", new MemoryVikingFs.Layers(d -> d, (first, disk) -> {
            VikingFs second;
            try {
                second = LocalVikingFs.open(disk, LocalOptions.DEFAULT.withRecoverOnOpen(false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Alternating(first, second);
        }));
    }

    /** Appends alternate between the instances (first, second, first…); every other call goes to the second. */
    private static final class Alternating extends ForwardingVikingFs {
        private final VikingFs second;
        private final AtomicInteger appends = new AtomicInteger();

        Alternating(VikingFs first, VikingFs second) {
            super(first);
            this.second = second;
        }

        private VikingFs next() {
            return appends.getAndIncrement() % 2 == 0 ? delegate() : second;
        }

        @Override
        public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
            next().appendAll(path, records, durable);
        }

        @Override
        public void append(VPath path, String record, boolean durable) throws IOException {
            next().append(path, record, durable);
        }

        @Override
        public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
            second.rename(src, dst, options);
        }

        @Override
        public io.vikingfs.Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
            return second.atomicWrite(path, bytes, options);
        }

        @Override
        public void delete(VPath path) throws IOException {
            second.delete(path);
        }

        @Override
        public void close() throws IOException {
            try {
                second.close();
            } finally {
                super.close();
            }
        }
    }

    private static Call.Append append(String path, String writer, int n, boolean durable) {
        return new Call.Append(path, List.of("{\"w\":\"" + writer + "\",\"n\":" + n + "}"), durable);
    }

    static List<Workload> workloads() {
        return List.of(
                new Workload("held-interleaved", List.of(append("t.jsonl", "setup", 0, true),
                        append("t.jsonl", "skip", 0, true)),
                        List.of(append("t.jsonl", "A", 1, false), append("t.jsonl", "B", 1, true),
                                append("t.jsonl", "A", 2, false), append("t.jsonl", "B", 2, false),
                                append("t.jsonl", "A", 3, true), append("t.jsonl", "B", 3, true))),
                new Workload("held-batches", List.of(),
                        List.of(new Call.Append("t.jsonl", List.of("{\"a\":1}", "{\"a\":2}"), false),
                                new Call.Append("t.jsonl", List.of("{\"b\":1}", "{\"b\":2}"), true),
                                new Call.Append("t.jsonl", List.of("{\"a\":3}"), true))),
                // The first instance holds t.jsonl (the second only appends to another log meanwhile); the second
                // renames it away or replaces it, then the first appends again: its record must start a new log, or
                // go into the replacing file — never into the renamed or unlinked one.
                new Workload("held-renamed-away", List.of(append("t.jsonl", "setup", 0, true),
                        append("t.jsonl", "skip", 0, true)),
                        List.of(append("t.jsonl", "A", 1, false), append("s.jsonl", "B", 1, false),
                                new Call.Rename("t.jsonl", "u.jsonl", false, false),
                                append("t.jsonl", "A", 2, true), append("t.jsonl", "B", 2, false))),
                new Workload("held-replaced", List.of(append("t.jsonl", "setup", 0, true),
                        append("t.jsonl", "skip", 0, true)),
                        List.of(append("t.jsonl", "A", 1, false), append("s.jsonl", "B", 1, false),
                                new Call.Write("t.jsonl", "{\"replaced\":1}\n", true, false),
                                append("t.jsonl", "A", 2, true), append("t.jsonl", "B", 2, false))));
    }

    @TestFactory
    Stream<DynamicTest> aLogHeldAcrossABurst_whileAnotherInstanceAppendsRenamesOrReplacesIt() {
        CrashExplorer explorer = new CrashExplorer(twoInstances(), ExplorerOptions.fromSystemProperties(), REPORT);
        return workloads().stream().map(w -> DynamicTest.dynamicTest(w.name(), () -> {
            List<Violation> found = explorer.explore(w);
            assertThat(found).as(() -> found.isEmpty() ? "" : found.get(0).replay()).isEmpty();
        }));
    }
}
