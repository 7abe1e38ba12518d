package io.vikingfs.junit;

import org.opentest4j.AssertionFailedError;

/**
 * A crash test found a post-crash state its check rejects (or the workload failed before any crash). The message
 * is the whole report: crash point, call in flight, primitive step, what was lost and what survived, the seed and
 * the replay; the cause is what the check threw.
 */
public final class CrashTestFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    private final transient CrashTestResult result;

    CrashTestFailure(String report, Throwable cause) {
        this(report, cause, null);
    }

    CrashTestFailure(String report, Throwable cause, CrashTestResult result) {
        super(report, cause);
        this.result = result;
    }

    /** The exploration's counts, or null if the workload failed before any crash was simulated. */
    public CrashTestResult result() {
        return result;
    }
}
