package io.vikingfs.s3;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables, by name, the shared-suite cases that fail on S3Proxy 4.1.0 itself whatever the backend does — each
 * with the server's behaviour as the reason, so the report says why. Both S3Proxy tiers use it.
 *
 * <p>S3Proxy's blob stores (the {@code transient} one too: it is a file system in memory) write an object as a
 * temp file {@code <key>-<uuid>} and rename it; a listing that runs meanwhile returns the temp file as a key.
 * {@code listingWhileFilesAreWritten_showsOnlyWholeUserFiles} then reads {@code busy/f21-<uuid>}, which is gone:
 * seen in one of five full builds. S3 never lists an object whose PUT has not completed, and nothing in the
 * backend can tell such a key from a user's file named {@code f21-<uuid>}.
 */
final class S3ProxyDefects implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        return method.equals("listingWhileFilesAreWritten_showsOnlyWholeUserFiles")
                ? ConditionEvaluationResult.disabled("S3Proxy lists the temp file of a PUT in progress"
                + " (<key>-<uuid>) as a key; S3 lists only completed PUTs")
                : ConditionEvaluationResult.enabled("");
    }
}
