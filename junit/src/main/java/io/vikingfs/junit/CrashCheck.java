package io.vikingfs.junit;

import io.vikingfs.VikingFs;

/**
 * The user's invariant, checked on every post-crash state: it receives the store as reopened after the crash
 * (recovery has run, as when an application restarts on the folder) and what the workload had done by then. It
 * fails by throwing (an {@link AssertionError} from AssertJ or JUnit, or any exception).
 */
@FunctionalInterface
public interface CrashCheck {
    void check(VikingFs recovered, CrashContext crash) throws Exception;
}
