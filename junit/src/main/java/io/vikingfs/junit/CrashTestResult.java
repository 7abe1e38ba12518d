package io.vikingfs.junit;

import java.util.Optional;

/**
 * What a crash test explored and what it found.
 *
 * @param name         the test's name
 * @param calls        the workload's store calls
 * @param crashPoints  its crash points (one after every primitive step, plus the end)
 * @param statesTotal  the post-crash states the chosen models allow at those points
 * @param statesChecked the states opened and checked (all of them, unless the budget made it a seeded sample, or a
 *                     failure stopped the exploration)
 * @param seed         the seed of the random states and of the sample
 * @param millis       how long the exploration took
 * @param failure      the report of the first failing state, if any
 */
public record CrashTestResult(String name, int calls, int crashPoints, long statesTotal, long statesChecked,
                              long seed, long millis, Optional<String> failure) {
    /** Whether every checked state passed. */
    public boolean passed() {
        return failure.isEmpty();
    }

    /** One line: the counts, the seed and the verdict. */
    public String summary() {
        String checked = statesChecked == statesTotal ? statesChecked + " states (all)"
                : statesChecked + " of " + statesTotal + " states" + (passed() ? " (seeded sample)" : "");
        return "crash test '" + name + "': " + calls + " calls, " + crashPoints + " crash points, " + checked
                + " checked in " + millis + " ms, seed " + seed + " — " + (passed() ? "passed" : "FAILED");
    }
}
