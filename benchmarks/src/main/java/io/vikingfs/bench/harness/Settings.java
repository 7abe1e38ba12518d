package io.vikingfs.bench.harness;

/**
 * How long and how often to measure.
 *
 * @param warmupRounds   rounds run and discarded at least (JIT compilation, page cache, file allocation)
 * @param maxWarmupRounds rounds run and discarded at most, while the JIT compiler stays busy ({@link Warmup})
 * @param measuredRounds rounds whose median is quoted
 * @param windowMillis   length of one contender's window in one round
 * @param sizeScale      1.0 for the full sizes the targets are written for; smaller for a smoke run
 */
public record Settings(int warmupRounds, int maxWarmupRounds, int measuredRounds, long windowMillis,
                       double sizeScale) {
    /**
     * The full run: about six minutes on two cores. Many short rounds rather than a few long ones: on a shared
     * machine the disk's speed drifts from second to second, and only contenders measured close together in time
     * see the same disk; nine rounds give a median that two bad rounds per contender cannot move.
     */
    public static final Settings FULL = new Settings(2, 15, 9, 600, 1.0);
    /** A smoke run that checks every scenario works, in about a minute; its numbers are not the results. */
    public static final Settings QUICK = new Settings(1, 1, 3, 200, 0.1);

    public Settings {
        if (measuredRounds < 1 || warmupRounds < 0 || maxWarmupRounds < warmupRounds || windowMillis < 1
                || sizeScale <= 0) {
            throw new IllegalArgumentException("invalid settings: " + this);
        }
    }

    /** {@code full} scaled by {@link #sizeScale}, at least {@code min}. */
    public int scaled(int full, int min) {
        return Math.max(min, (int) Math.round(full * sizeScale));
    }
}
