package io.vikingfs.local;

import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log's {@code FileLock} held across a burst of appends ({@link BurstLocks}) never starves another process: a
 * child JVM appends without pause for 3 s, and an append made here in the middle of that burst completes while the
 * burst still runs, within the documented bound (a hold ends after {@link BurstLocks#MAX_HOLD_NANOS}, 20 ms, plus
 * the batch being written); after the burst, with the child's store still open, an append here waits at most for
 * the idle release ({@link BurstLocks#IDLE_NANOS} + {@link BurstLocks#SCAN_NANOS}, 3 ms). The assertions allow
 * {@link #SCHEDULING_MARGIN_MILLIS} for a loaded 2-core machine (measured there: 2–40 ms during a burst, under 1 ms
 * after). Without the bounded hold the first append waited 1.6 s (the child's garbage collections, which pause
 * it longer than the idle time, were its only turns; the child runs with a large young generation so that they
 * are rare), and without the idle release the second waited 2.4 s, for the child's close.
 */
class BurstLockFairnessTest {
    private static final long SCHEDULING_MARGIN_MILLIS = 200;
    private static final VPath LOG = VPath.of("shared/t.jsonl");

    @TempDir
    Path dir;

    @Test
    void anAppendFromAnotherProcess_completesWithinTheBound_duringAndAfterABurst() throws Exception {
        Path report = dir.resolve("report");
        Path root = Files.createDirectories(dir.resolve("store"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-XX:+UseSerialGC", "-Xmn1g", "-cp", System.getProperty("java.class.path"),
                BurstingAppender.class.getName(), root.toString(), LOG.toString(), "3000", "2500", report.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (LocalVikingFs fs = LocalVikingFs.open(root)) {
            for (int i = 0; i < 200; i++) {
                fs.append(VPath.of("shared/warm-up.jsonl"), "{\"warm\":" + i + "}", false); // timed: the wait, not the first call's class loading
            }
            awaitLine(report, "READY", child);
            Thread.sleep(300);
            long t0 = System.nanoTime();
            fs.append(LOG, "{\"w\":\"parent\",\"n\":1}", false);
            long duringBurst = System.nanoTime() - t0;
            String afterFirst = Files.readString(report);

            awaitLine(report, "IDLE", child);
            Thread.sleep(100);
            t0 = System.nanoTime();
            fs.append(LOG, "{\"w\":\"parent\",\"n\":2}", false);
            long afterBurst = System.nanoTime() - t0;
            String afterSecond = Files.readString(report);
            System.out.printf("append from another process: %.1f ms during a burst, %.1f ms after it (store open)%n",
                    duringBurst / 1e6, afterBurst / 1e6);

            assertThat(afterFirst).as("the append made during the burst completed while the burst still ran")
                    .doesNotContain("IDLE");
            assertThat(TimeUnit.NANOSECONDS.toMillis(duringBurst)).as("wait during a burst (ms)")
                    .isLessThan(BurstLocks.MAX_HOLD_NANOS / 1_000_000 + SCHEDULING_MARGIN_MILLIS);
            assertThat(afterSecond).as("the append after the burst did not wait for the child to close its store")
                    .doesNotContain("DONE");
            assertThat(TimeUnit.NANOSECONDS.toMillis(afterBurst)).as("wait after a burst (ms)")
                    .isLessThan((BurstLocks.IDLE_NANOS + BurstLocks.SCAN_NANOS) / 1_000_000 + SCHEDULING_MARGIN_MILLIS);

            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            RecordLog log = fs.readRecords(LOG);
            assertThat(log.isClean()).as("%s", log.damage()).isTrue();
            int childCount = Integer.parseInt(Files.readString(report).replaceAll("(?s).*IDLE (\\d+).*", "$1"));
            assertThat(log.records()).hasSize(childCount + 2);
            int expected = 0;
            for (String r : log.records()) {
                if (r.contains("child")) {
                    assertThat(r).isEqualTo("{\"w\":\"child\",\"n\":" + expected++ + "}");
                }
            }
            assertThat(log.records()).contains("{\"w\":\"parent\",\"n\":1}", "{\"w\":\"parent\",\"n\":2}");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitLine(Path report, String prefix, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(report) || !Files.readString(report).contains(prefix)) {
            assertThat(child.isAlive() || Files.exists(report) && Files.readString(report).contains(prefix))
                    .as("the child is running").isTrue();
            assertThat(System.nanoTime()).as("the child reported %s within 60 s", prefix).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
