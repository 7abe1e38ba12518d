package io.vikingfs.conformance.crash;

/**
 * A broken invariant, with what it takes to replay it: the workload, the crash point (its index and the primitive
 * step that led there), the post-crash state and the seed of the random subsets.
 *
 * @param code       the invariant (A1…G2), the first token of {@code message}
 * @param store      the factory's name
 * @param workload   the workload, in one line
 * @param crashPoint the index of the crash point in the workload's run (0: after its first primitive step)
 * @param step       the primitive step that led to the crash point
 * @param state      the post-crash state
 * @param seed       the seed of this crash point's random subsets
 * @param message    what was seen and what was allowed
 */
public record Violation(String code, String store, String workload, int crashPoint, String step, String state,
                        long seed, String message) {
    /** The replay, in a few lines. */
    public String replay() {
        return "[" + code + "] on " + store + ": " + message
                + "\n  workload:    " + workload
                + "\n  crash point: #" + crashPoint + " after '" + step + "'"
                + "\n  state:       " + state
                + "\n  seed:        " + seed + " (replay: -Dvikingfs.crash.seed=<base seed> and the workload above)";
    }
}
