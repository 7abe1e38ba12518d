package io.vikingfs.junit;

import io.vikingfs.VikingFs;

/**
 * The user's code under crash test: it runs once, through {@code fs}, on a store whose every primitive step (write,
 * sync, rename, … reaching the simulated disk) becomes a crash point. It must be deterministic (same calls on every
 * run) for a replay to reach the same state: no wall clock, no random names, one thread.
 */
@FunctionalInterface
public interface CrashWorkload {
    /**
     * @param fs          the store; its calls are recorded (which returned, which was in flight at each crash
     *                    point); closing it is ignored (the tester closes it)
     * @param checkpoints where the workload marks what it has done, for the check to ask about
     */
    void run(VikingFs fs, Checkpoints checkpoints) throws Exception;
}
