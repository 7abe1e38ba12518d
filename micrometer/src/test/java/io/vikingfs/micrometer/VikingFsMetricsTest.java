package io.vikingfs.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.LocalVikingFs;
import io.vikingfs.memory.MemoryVikingFs;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters after known workloads on the local disk and in memory: exact counts where the work is exact. */
class VikingFsMetricsTest {
    private static final VPath LOG = VPath.of("sessions/s1/transcript.jsonl");
    private static final VPath FILE = VPath.of("sessions/registry.json");

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void durableAppendsFromOneThreadOnTheLocalDiskAreOneFlushEach(@TempDir Path dir) throws Exception {
        int n = 40;
        try (VikingFs fs = VikingFsMetrics.observe(LocalVikingFs.open(dir), registry)) {
            for (int i = 0; i < n; i++) {
                fs.append(LOG, "{\"n\":" + i + "}", true);
            }
            fs.appendAll(LOG, List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"), false); // visible, not flushed
        }
        assertThat(count(VikingFsMetrics.APPENDS)).isEqualTo(n + 1);
        assertThat(count(VikingFsMetrics.APPEND_RECORDS)).isEqualTo(n + 3);
        // one thread: no flush can be shared, so each durable append is exactly one fsync of the log
        assertThat(registry.get(VikingFsMetrics.FLUSHES).tag("kind", "file").counter().count()).isEqualTo(n);
        Timer latency = registry.get(VikingFsMetrics.FLUSH_LATENCY).tag("kind", "file").timer();
        assertThat(latency.count()).isEqualTo(n);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        var changes = registry.get(VikingFsMetrics.FLUSH_CHANGES).tag("kind", "file").summary();
        assertThat(changes.count()).isEqualTo(n);
        assertThat(changes.totalAmount()).isEqualTo(n);
        // the log's new directories and entry were made durable by directory syncs, counted apart
        assertThat(registry.get(VikingFsMetrics.FLUSHES).tag("kind", "directory").counter().count()).isPositive();
        assertThat(registry.get(VikingFsMetrics.FLUSH_FAILURES).tag("kind", "file").counter().count()).isZero();
        Timer appends = operation("append", "success");
        assertThat(appends.count()).isEqualTo(n + 1);
        assertThat(appends.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(VikingFsMetrics.APPENDS).tag("store", dir.toUri().toString())
                .tag("backend", "file").counter().count()).isEqualTo(n + 1);
    }

    @Test
    void atomicWritesAreCountedOncePerCallAndFailuresByException(@TempDir Path dir) throws Exception {
        int n = 25;
        try (VikingFs fs = VikingFsMetrics.observe(LocalVikingFs.open(dir), registry)) {
            for (int i = 0; i < n; i++) {
                fs.atomicWrite(FILE, ("{\"v\":" + i + "}").getBytes(UTF_8), WriteOptions.durable(i % 2 == 0));
            }
            assertThatThrownBy(() -> fs.atomicWrite(FILE, new byte[1],
                    WriteOptions.precondition(Precondition.ifAbsent()))).isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> fs.read(VPath.of("missing.json")))
                    .isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
        assertThat(count(VikingFsMetrics.ATOMIC_WRITES)).isEqualTo(n); // the refused one changed nothing: not counted
        // every write, durable or not, fsyncs its temp file before publishing it (no empty file after a power loss);
        // the refused ifAbsent write too: its temp was synced before the hard link found the target
        assertThat(registry.get(VikingFsMetrics.FLUSHES).tag("kind", "file").counter().count()).isEqualTo(n + 1);
        assertThat(operation("atomic_write", "success").count()).isEqualTo(n);
        assertThat(operation("atomic_write", "PreconditionFailedException").count()).isEqualTo(1);
        assertThat(operation("read", "NoSuchFileException").count()).isEqualTo(1);
        assertThat(count(VikingFsMetrics.APPENDS)).isZero();
    }

    @Test
    void theMemoryBackendReportsThroughItsLocalProtocolsAndSwitchesAreTimed() throws Exception {
        int n = 10;
        try (VikingFs fs = VikingFsMetrics.observe(MemoryVikingFs.create(), registry)) {
            for (int i = 0; i < n; i++) {
                fs.append(LOG, "{\"n\":" + i + "}", true);
            }
            assertThat(registry.get(VikingFsMetrics.FLUSHES).tag("kind", "file").counter().count()).isEqualTo(n);
            fs.mkdirs(VPath.of("staging/s1"));
            fs.atomicWrite(VPath.of("staging/s1/summary.md"), "done".getBytes(UTF_8), WriteOptions.DEFAULT);
            fs.switchDirectory(VPath.of("staging/s1"), VPath.of("workspace/s1"), true);
        }
        // then the atomicWrite's temp file and the staged tree's files synced before the switch
        assertThat(registry.get(VikingFsMetrics.FLUSHES).tag("kind", "file").counter().count())
                .isGreaterThanOrEqualTo(n + 2);
        assertThat(count(VikingFsMetrics.APPENDS)).isEqualTo(n);
        assertThat(count(VikingFsMetrics.ATOMIC_WRITES)).isEqualTo(1);
        Timer switches = registry.get(VikingFsMetrics.SWITCH_DURATION).timer();
        assertThat(switches.count()).isEqualTo(1);
        assertThat(switches.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(VikingFsMetrics.APPENDS).tag("backend", "mem").counter().count()).isEqualTo(n);
    }

    @Test
    void observingTwiceAddsTheListenerWithoutTimingEachOperationTwice() throws Exception {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (MemoryVikingFs mem = MemoryVikingFs.create()) {
            VikingFs once = VikingFsMetrics.observe(mem, registry);
            VikingFs twice = VikingFsMetrics.observe(once, second);
            assertThat(twice).isSameAs(once);
            assertThat(Telemetry.of(twice)).containsSame(Telemetry.of(mem).orElseThrow());
            twice.append(LOG, "{}", true);
        }
        assertThat(count(VikingFsMetrics.APPENDS)).isEqualTo(1);
        assertThat(second.get(VikingFsMetrics.APPENDS).counter().count()).isEqualTo(1);
        assertThat(second.get(VikingFsMetrics.FLUSHES).tag("kind", "file").counter().count()).isEqualTo(1);
    }

    @Test
    void contendedLocksAreTimed() throws Exception {
        int threads = 8;
        int each = 200;
        try (VikingFs fs = VikingFsMetrics.observe(MemoryVikingFs.create(), registry)) {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            fs.append(LOG, "{\"t\":" + id + ",\"i\":" + i + "}", false);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
        }
        assertThat(count(VikingFsMetrics.APPEND_RECORDS)).isEqualTo(threads * each);
        // 8 threads on one log's lock on 2 cores: some must have waited (a lone thread never reports a wait)
        Timer waits = registry.get(VikingFsMetrics.LOCK_WAIT).timer();
        assertThat(waits.count()).isPositive();
        assertThat(waits.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    private double count(String counter) {
        return registry.get(counter).counter().count();
    }

    private Timer operation(String operation, String outcome) {
        return registry.get(VikingFsMetrics.OPERATIONS).tag("operation", operation).tag("outcome", outcome).timer();
    }
}
