package io.vikingfs.conformance.crash;

/**
 * How many post-crash states the explorer builds at each crash point. The defaults are the default build's;
 * {@link #exhaustive()} is the {@code -Pexhaustive} run.
 *
 * @param seed                 the base seed of random subsets (each crash point derives its own, printed on failure)
 * @param randomStatesPerPoint seeded random subsets of the pending steps, with random tears
 * @param tornRecordsPerFile   how many record boundaries (from the end) of each file's unsynced bytes to cut at
 * @param recoveryCrashEvery   every n-th state, also crash during its recovery and check again (0: never)
 * @param processCrashes       whether to also cut the last write in its middle (process crash model)
 */
public record ExplorerOptions(long seed, int randomStatesPerPoint, int tornRecordsPerFile, int recoveryCrashEvery,
                              boolean processCrashes) {
    public static ExplorerOptions defaults() {
        return new ExplorerOptions(Long.getLong("vikingfs.crash.seed", 20261125L),
                Integer.getInteger("vikingfs.crash.random", 4), 3,
                Integer.getInteger("vikingfs.crash.recoveryEvery", 16), true);
    }

    public static ExplorerOptions exhaustive() {
        return new ExplorerOptions(Long.getLong("vikingfs.crash.seed", 20261125L),
                Integer.getInteger("vikingfs.crash.random", 64), 1000, 2, true);
    }

    /** {@link #exhaustive()} if {@code -Dvikingfs.exhaustive=true}, else {@link #defaults()}. */
    public static ExplorerOptions fromSystemProperties() {
        return Boolean.getBoolean("vikingfs.exhaustive") ? exhaustive() : defaults();
    }

    public ExplorerOptions withSeed(long seed) {
        return new ExplorerOptions(seed, randomStatesPerPoint, tornRecordsPerFile, recoveryCrashEvery, processCrashes);
    }
}
