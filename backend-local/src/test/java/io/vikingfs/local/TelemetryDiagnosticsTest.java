package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import io.vikingfs.telemetry.VikingFsListener;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in diagnostics: JFR events for flushes, lock waits and slow operations, each with its path, so a
 * stall shows in a recording; and the SLF4J warning, past the threshold only.
 */
class TelemetryDiagnosticsTest {
    private static final VPath LOG = VPath.of("logs/a.jsonl");

    @Test
    void aRecordingShowsFlushesLockWaitsAndSlowOperationsWithTheirPaths(@TempDir Path dir) throws Exception {
        StallingDisk disk = new StallingDisk(new NioDisk(dir));
        Path recorded = dir.resolveSibling(dir.getFileName() + ".jfr");
        try (Recording recording = new Recording()) {
            for (String event : List.of("io.vikingfs.Flush", "io.vikingfs.LockWait", "io.vikingfs.SlowOperation")) {
                recording.enable(event).withThreshold(Duration.ZERO);
            }
            recording.start();
            try (VikingFs fs = Telemetry.observe(LocalVikingFs.open(disk, LocalOptions.DEFAULT),
                    VikingFsListener.NONE, Duration.ZERO)) {
                fs.append(LOG, "{\"n\":0}", false);
                disk.syncStall = 40;
                fs.append(LOG, "{\"n\":1}", true); // a 40 ms fsync of the log
                disk.syncStall = 0;
                // A writer stalls inside the log's lock; a second appender must wait for it.
                CountDownLatch entered = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                disk.stallNextWrite(entered, release);
                CompletableFuture<Void> stalled = CompletableFuture.runAsync(() -> append(fs, "{\"n\":2}"));
                assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> append(fs, "{\"n\":3}"));
                Thread.sleep(150);
                release.countDown();
                stalled.get(10, TimeUnit.SECONDS);
                waiting.get(10, TimeUnit.SECONDS);
            }
            recording.stop();
            recording.dump(recorded);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(recorded);
        String log = disk.at("logs/a.jsonl").toString();

        assertThat(events).filteredOn(e -> name(e).equals("io.vikingfs.Flush"))
                .anySatisfy(e -> {
                    assertThat(e.getString("path")).isEqualTo(log);
                    assertThat(e.getString("kind")).isEqualTo("file");
                    assertThat(e.getLong("elapsed")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
                    // the fsync made both appends durable: the non-durable one before it, and its own
                    assertThat(e.getLong("changes")).isEqualTo(2);
                });
        assertThat(events).filteredOn(e -> name(e).equals("io.vikingfs.LockWait"))
                .anySatisfy(e -> {
                    assertThat(e.getString("path")).isEqualTo(log);
                    assertThat(e.getLong("elapsed")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
                });
        assertThat(events).filteredOn(e -> name(e).equals("io.vikingfs.SlowOperation"))
                .filteredOn(e -> e.getString("operation").equals("append"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.getString("path")).isEqualTo(LOG.toString()));
    }

    @Test
    void theSlowOperationWarningNamesOperationPathAndDurationPastTheThresholdOnly(@TempDir Path dir) throws Exception {
        StallingDisk disk = new StallingDisk(new NioDisk(dir));
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (VikingFs fs = Telemetry.observe(LocalVikingFs.open(disk, LocalOptions.DEFAULT), VikingFsListener.NONE,
                Duration.ofMillis(200))) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            fs.append(VPath.of("logs/fast.jsonl"), "{}", false);
            fs.append(VPath.of("logs/fast.jsonl"), "{}", true);
            disk.syncStall = 250;
            fs.append(VPath.of("logs/slow.jsonl"), "{}", true);
        } finally {
            System.setErr(stderr);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertThat(warnings).doesNotContain("fast.jsonl");
        assertThat(warnings).containsPattern("WARN io\\.vikingfs\\.slow - slow VikingFS operation: append of "
                + "'logs/slow\\.jsonl' took \\d+\\.\\d{3} ms \\(threshold 200\\.000 ms\\)");
        assertThat(warnings).contains("slow VikingFS flush: fsync of the file '" + disk.at("logs/slow.jsonl") + "'");
    }

    private static void append(VikingFs fs, String record) {
        try {
            fs.append(LOG, record, false);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String name(RecordedEvent e) {
        return e.getEventType().getName();
    }
}
