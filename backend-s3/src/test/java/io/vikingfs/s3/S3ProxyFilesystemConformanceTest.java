package io.vikingfs.s3;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared suite on S3Proxy's {@code filesystem} blob store (objects in files of a folder, where listing order,
 * keys beside prefixes and partial writes differ from the in-memory store). Every area runs in every build but
 * the concurrency area, which only repeats the transient tier's ~5 minutes of HTTP load against the same server
 * code: it runs with {@code -Dvikingfs.s3.allTiers=true}. {@link S3ProxyRestartTest} covers what only this store
 * can show (a restarted server).
 *
 * <p>Two defects of this blob store (not of the backend, which passes the same cases on the in-memory store) are
 * disabled here by name, with the store's answer as the reason: a key whose last segment is 255 bytes long
 * (S3Proxy writes it through a temp file named {@code <name>-<uuid>}, longer than a file name may be: HTTP 500),
 * and a HEAD of a key below an object ({@code f.txt/child}: the store's {@code stat} fails with "not a
 * directory": HTTP 500, where S3 answers 404). The defect both S3Proxy stores share is in {@link S3ProxyDefects}.
 */
@ExtendWith({S3ProxyDefects.class, S3ProxyFilesystemConformanceTest.StoreDefectsAndLoad.class})
class S3ProxyFilesystemConformanceTest extends VikingFsConformance {
    /** Disables the concurrency area unless {@code vikingfs.s3.allTiers=true}, and the two store defects; nothing else. */
    static final class StoreDefectsAndLoad implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean concurrency = context.getTestClass().map(c -> c.getSimpleName().equals("Concurrency")).orElse(false);
            if (concurrency && !Boolean.getBoolean("vikingfs.s3.allTiers")) {
                return ConditionEvaluationResult.disabled("the concurrency area repeats the transient tier's HTTP"
                        + " load; run it here with -Dvikingfs.s3.allTiers=true");
            }
            String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
            if (method.equals("exists_belowAFile_isFalse")) {
                return ConditionEvaluationResult.disabled("S3Proxy's filesystem blob store answers HTTP 500 to a HEAD"
                        + " below an object (ENOTDIR), where S3 answers 404");
            }
            if (method.equals("validBoundaryPath_accepted_andRoundTripsThroughStore")
                    && hasSegmentOfAtLeast(context.getDisplayName(), 250)) {
                return ConditionEvaluationResult.disabled("S3Proxy's filesystem blob store cannot store a 255-byte"
                        + " name: its temp file <name>-<uuid> exceeds the file-name limit (HTTP 500)");
            }
            return ConditionEvaluationResult.enabled("");
        }

        private static boolean hasSegmentOfAtLeast(String displayName, int bytes) {
            for (String segment : displayName.split("[/ ]")) {
                if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= bytes) {
                    return true;
                }
            }
            return false;
        }
    }

    private static EmbeddedS3 s3;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = EmbeddedS3.startFilesystem(Files.createTempDirectory("vikingfs-s3proxy-fs"), "conformance");
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
    }

    @Override
    protected BackendFixture createFixture() {
        return S3Fixtures.fixture(S3Fixtures.Endpoint.of(s3));
    }
}
