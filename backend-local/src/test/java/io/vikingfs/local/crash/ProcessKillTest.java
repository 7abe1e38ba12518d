package io.vikingfs.local.crash;

import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.ProcessCrashCheck;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.local.LocalVikingFs;
import io.vikingfs.spi.StagingNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process crashes on the real disk: a child JVM ({@link KillableWorker}) runs a workload on a temporary folder and
 * reports which calls returned; the test SIGKILLs it ({@link Process#destroyForcibly()}) at a random moment,
 * reopens the folder (recovery runs) and checks the process-crash invariants: every returned call persisted,
 * nothing torn, no leftovers, logs continue on a clean line. {@code -Dvikingfs.kills=N} sets the number of kills
 * (default 100).
 */
class ProcessKillTest {
    private static final CrashReport REPORT = new CrashReport();
    private static final int KILLS = Integer.getInteger("vikingfs.kills", 100);

    @TempDir
    Path tmp;

    @Test
    void sigkillAtRandomMoments_everyReturnedCallSurvives_andRecoveryKeepsEveryInvariant() throws Exception {
        long seed = Long.getLong("vikingfs.crash.seed", 20261125L);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger midWorkload = new java.util.concurrent.atomic.AtomicInteger();
        long t0 = System.nanoTime();
        // Two children at a time: starting a JVM is most of a kill's cost, and it waits on the disk, not the CPU.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Integer.getInteger("vikingfs.kills.parallel", 2));
        List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            int kill = k;
            runs.add(pool.submit(() -> {
                killOnce(seed, kill, failures, midWorkload);
                return null;
            }));
        }
        pool.shutdown();
        for (java.util.concurrent.Future<?> f : runs) {
            f.get();
        }
        REPORT.addMillis((System.nanoTime() - t0) / 1_000_000);
        failures.forEach(System.err::println);
        assertThat(midWorkload.get()).as("kills that landed in the middle of a workload").isGreaterThan(KILLS / 2);
        assertThat(failures).isEmpty();
    }

    private void killOnce(long seed, int k, List<String> failures, java.util.concurrent.atomic.AtomicInteger midWorkload)
            throws Exception {
        String kind = k % 3 == 2 ? KillWorkloads.FIELD : KillWorkloads.RANDOM;
        long wseed = seed + k;
        Workload w = KillWorkloads.of(kind, wseed);
        Path dir = Files.createDirectory(tmp.resolve("kill-" + k));
        // within the time a workload runs since appends take one system call (a quiet machine finishes most in
        // ~80 ms): a kill after the workload ended would check nothing
        Outcome o = runAndKill(dir, tmp.resolve("kill-" + k + ".report"), kind, wseed, 2 + new Random(wseed).nextInt(78));
        if (o.returned < w.calls().size()) {
            midWorkload.incrementAndGet();
        }
        try (var fs = LocalVikingFs.open(dir)) {
            List<String> broken = ProcessCrashCheck.check(fs, w, o.returned, o.inFlight);
            if (!broken.isEmpty()) {
                failures.add("[" + broken.get(0).split(" ")[0] + "] kill #" + k + " of " + w.describe()
                        + "\n  killed with " + o.returned + " calls returned, call " + o.inFlight + " in flight (seed "
                        + wseed + ")\n  " + String.join("\n  ", broken));
            }
        } catch (IOException | RuntimeException e) {
            failures.add("[G1] kill #" + k + " of " + w.name() + " (seed " + wseed + "): reopening failed: " + e);
        }
        REPORT.addWorkload();
        REPORT.addCrashPoints(1);
        REPORT.addStates("local (kill -9)", 1);
        REPORT.addProcessKills(1);
    }

    /**
     * An app that stages, fills and commits in a loop, SIGKILLed {@code -Dvikingfs.stagingKills} times (default
     * 12): one open of the folder afterwards leaves no staging the library made — neither a {@code *.staged-*}
     * directory nor a {@code .vfs-stage-*} record, looked for below the API — and keeps every process-crash
     * invariant (D1–D3, S1). The kills must leave stagings to reclaim, or the test proves nothing.
     */
    @Test
    void sigkillWhileStagingAndCommitting_oneOpenLeavesNoStagingTheLibraryMade() throws Exception {
        int kills = Integer.getInteger("vikingfs.stagingKills", 12);
        long seed = Long.getLong("vikingfs.crash.seed", 20261125L);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger leftStagings = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            int kill = k;
            runs.add(pool.submit(() -> {
                long wseed = seed + kill;
                Workload w = KillWorkloads.of(KillWorkloads.STAGING, wseed);
                Path dir = Files.createDirectory(tmp.resolve("staging-kill-" + kill));
                Outcome o = runAndKill(dir, tmp.resolve("staging-kill-" + kill + ".report"), KillWorkloads.STAGING,
                        wseed, 20 + new Random(wseed).nextInt(300));
                if (!stagingsOnDisk(dir).isEmpty()) {
                    leftStagings.incrementAndGet();
                }
                try (var fs = LocalVikingFs.open(dir)) {
                    List<String> broken = new ArrayList<>(ProcessCrashCheck.check(fs, w, o.returned, o.inFlight));
                    List<String> left = stagingsOnDisk(dir);
                    if (!left.isEmpty()) {
                        broken.add("S1 stagings left on disk after one open: " + left);
                    }
                    if (!broken.isEmpty()) {
                        failures.add("kill #" + kill + " (seed " + wseed + ", " + o.returned + " calls returned): "
                                + String.join("; ", broken));
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (java.util.concurrent.Future<?> f : runs) {
            f.get();
        }
        System.out.println(kills + " kills while staging: " + leftStagings + " left a staging on disk; "
                + failures.size() + " left one after an open");
        assertThat(failures).isEmpty();
        assertThat(leftStagings.get()).as("kills that left a staging for recovery to reclaim").isGreaterThan(0);
    }

    /** The library's staging directories and records under {@code dir}, found below the API. */
    private static List<String> stagingsOnDisk(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).filter(rel -> {
                String name = rel.substring(rel.lastIndexOf('/') + 1);
                return name.startsWith(".vfs-stage-") || !name.isEmpty() && StagingNames.idOf(name) != null;
            }).toList();
        }
    }

    private record Outcome(int returned, int inFlight) {
    }

    /** Starts the child, kills it {@code delayMillis} after its setup is done, and reads what it reported. */
    private static Outcome runAndKill(Path dir, Path report, String kind, long seed, int delayMillis) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), KillableWorker.class.getName(),
                dir.toString(), kind, Long.toString(seed), report.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(report) || !Files.readString(report).startsWith("READY")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the child did not start (exit " + (p.isAlive() ? "-" : p.exitValue())
                            + "): " + (Files.exists(report) ? Files.readString(report) : "no report"));
                }
                Thread.sleep(2);
            }
            Thread.sleep(delayMillis);
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no close
            p.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(report);
        int returned = 0;
        int inFlight = -1;
        for (String l : lines) {
            if (l.startsWith("S ")) {
                inFlight = Integer.parseInt(l.substring(2));
            } else if (l.startsWith("R ") || l.startsWith("F ")) {
                returned = Integer.parseInt(l.split(" ")[1]) + 1;
                inFlight = -1;
            }
        }
        return new Outcome(returned, inFlight);
    }

    @AfterAll
    static void writeReport() throws IOException {
        System.out.println(REPORT.writeTo(Path.of("target", "vikingfs-crash-report.json")));
    }
}
