package io.vikingfs.bench.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * When warming up may stop: after {@link Settings#warmupRounds()} rounds, and only once the JIT compiler has gone
 * quiet — a round during which it compiled for less than {@link #QUIET_MILLIS} — or after
 * {@link Settings#maxWarmupRounds()}. A fixed count was not enough: in the first scenario of a run, and in the four
 * fresh JVMs of the multi-process one, C2 still compiled the library's code during the measured rounds (43 % of
 * the two cores' time 3–7 s after the processes started, measured with {@code perf}), which slows a contender that
 * runs more code than its baseline, and the slow-down changed from run to run.
 */
public final class Warmup {
    /** Compilation time under which a round counts as quiet (about 2 % of a full run's round of two windows). */
    public static final long QUIET_MILLIS = 25;

    private final Settings settings;
    private int rounds;

    public Warmup(Settings settings) {
        this.settings = settings;
    }

    /** This JVM's accumulated JIT compilation time in milliseconds; 0 where the JVM does not report it. */
    public static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Call after each warm-up round with how long the JIT compiled during it (in the JVMs the contenders ran in: the
     * largest figure of several); returns whether to run another warm-up round.
     */
    public boolean another(long compiledMillis) {
        rounds++;
        if (rounds < settings.warmupRounds()) {
            return true;
        }
        return compiledMillis >= QUIET_MILLIS && rounds < settings.maxWarmupRounds();
    }

    /** Warm-up rounds run so far. */
    public int rounds() {
        return rounds;
    }
}
