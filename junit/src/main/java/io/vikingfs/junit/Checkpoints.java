package io.vikingfs.junit;

/**
 * Named marks the workload sets as it goes ("registry written", "turn 3 committed"): a check learns through
 * {@link CrashContext#reached(String)} which ones were set before the crash, so it can state what must have
 * survived ("once 'turn 3 committed' was marked, turn 3 is in the transcript").
 */
public interface Checkpoints {
    /** Marks {@code name} as reached now: every crash point after this call sees it. */
    void mark(String name);
}
